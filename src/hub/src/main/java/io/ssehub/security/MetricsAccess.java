package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import io.ssehub.security.TokenVerifier;
import io.ssehub.security.TopicPattern;
import java.util.Optional;

/**
 * Who may read the metrics. They name every topic and how busy it is, so when tokens are required, the
 * token must grant subscribing to every topic ({@code "subscribe": ["*"]}): such a token could already
 * watch all of that on the streams, and it is read-only. In anonymous mode anyone may read them.
 *
 * <p>The token comes only in the {@code Authorization: Bearer} header, which scrapers send (Prometheus's
 * {@code authorization} setting); the cookie is for browsers' EventSource and is not accepted here.
 */
public final class MetricsAccess {

    private static final String BEARER = "Bearer ";

    private final Optional<TokenVerifier> verifier;

    /** @param verifier the hub's one verifier ({@link TokenVerifier#forAccess}); empty in anonymous mode */
    public MetricsAccess(Optional<TokenVerifier> verifier) {
        this.verifier = verifier;
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @throws Refusal unauthorized when a token is required and missing or not valid; forbidden when the
     *                token does not grant subscribing to every topic
     */
    public void require(String authorization) {
        if (verifier.isEmpty()) {
            return;
        }
        if (authorization == null) {
            throw Refusal.unauthorized("metrics need a token: send Authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Refusal.unauthorized("only Bearer tokens are accepted in the Authorization header");
        }
        TokenVerifier.Verified verified = verifier.get().verify(authorization.substring(BEARER.length()).trim());
        if (verified.grants().subscribe().stream().noneMatch(TopicPattern::matchesEveryTopic)) {
            throw Refusal.forbidden("metrics show every topic: the token must grant subscribing to '*'");
        }
    }
}
