package io.ssehub.mercure;

import io.ssehub.config.AccessConfig;
import io.ssehub.config.JwtKey;
import io.ssehub.config.MercureConfig;
import io.ssehub.refusal.Refusal;
import io.ssehub.security.ClientAddress;
import io.ssehub.security.CookieOrigin;
import io.ssehub.security.TokenVerifier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Judges the token of a Mercure request (spec, "Authorization"): from the {@code Authorization: Bearer}
 * header, else from the cookie; checked with the publishers' or the subscribers' key by the hub's own
 * {@link TokenVerifier} (the algorithms of the key's kind only; {@code exp} optional, as Mercure tokens may
 * lack it). A role's key is its {@code mercure.*.jwt.key}, else the hub's own ({@code auth.*}). With no key
 * configured anywhere the hub is anonymous, as the native API is then: everyone may do everything.
 */
final class MercureAccess {

    private static final String BEARER = "Bearer ";

    private final AccessConfig access;
    private final String cookieName;
    private final boolean anonymousSubscribers;
    /** The whole hub has no key: every caller is granted everything. */
    private final boolean open;
    private final Optional<TokenVerifier> publishers;
    private final Optional<TokenVerifier> subscribers;

    MercureAccess(MercureConfig mercure, AccessConfig access) {
        this.access = access;
        this.cookieName = mercure.cookieName();
        this.anonymousSubscribers = mercure.anonymous();
        this.open = access.isAnonymous() && mercure.publisherKey().isEmpty() && mercure.subscriberKey().isEmpty();
        this.publishers = verifier(mercure.publisherKey(), access);
        this.subscribers = verifier(mercure.subscriberKey(), access);
    }

    /** Describes the keys, never showing a secret, for the start-up log. */
    String describe(MercureConfig mercure) {
        if (open) {
            return "anonymous (no key set): anyone may publish and receive every update";
        }
        return "publishers: " + mercure.publisherKey().map(JwtKey::toString).orElse(access.toString())
                + "; subscribers: " + mercure.subscriberKey().map(JwtKey::toString).orElse(access.toString())
                + (anonymousSubscribers ? "; subscribers without a token receive public updates" : "");
    }

    /**
     * A publisher: its token is required, and a cookie-authenticated publish must come from an allowed origin.
     *
     * @throws Refusal (unauthorized, or foreign origin) when it is not one
     */
    MercureCaller publisher(ContainerRequestContext request) {
        if (open) {
            return anyone(request);
        }
        Token token = token(request).orElseThrow(() -> Refusal.unauthorized("publishing needs a token: send "
                + "Authorization: Bearer <token>, or the " + cookieName + " cookie"));
        if (token.fromCookie()) {
            CookieOrigin.requireOwnOrAllowed(request, access);
        }
        return verified(publishers, token.text());
    }

    /**
     * A subscriber: with a token, what it grants; without one, public updates only, if anonymous subscribers
     * are allowed.
     *
     * @throws Refusal (unauthorized) for a bad token, or none where one is required
     */
    MercureCaller subscriber(ContainerRequestContext request) {
        if (open) {
            return anyone(request);
        }
        Optional<Token> token = token(request);
        if (token.isPresent()) {
            return verified(subscribers, token.get().text());
        }
        if (!anonymousSubscribers) {
            throw Refusal.unauthorized("subscribing needs a token: send Authorization: Bearer <token>, or the "
                    + cookieName + " cookie (mercure.anonymous is off)");
        }
        return new MercureCaller(MercureClaims.NOTHING, Optional.empty(), "address:" + ClientAddress.of(request));
    }

    private MercureCaller anyone(ContainerRequestContext request) {
        return new MercureCaller(MercureClaims.EVERYTHING, Optional.empty(), "address:" + ClientAddress.of(request));
    }

    private static MercureCaller verified(Optional<TokenVerifier> verifier, String token) {
        TokenVerifier.VerifiedClaims claims = verifier.orElseThrow(() -> Refusal.unauthorized(
                "this hub has no key for these tokens (mercure.publisher.jwt.key, mercure.subscriber.jwt.key)"))
                .verifyClaims(token);
        return new MercureCaller(MercureClaims.read(claims.json()), claims.expiresAt(), "subject:" + claims.subject());
    }

    /** The header wins over the cookie (spec, "Authorization"). */
    private Optional<Token> token(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw Refusal.unauthorized("only Bearer tokens are accepted in the Authorization header");
            }
            return Optional.of(new Token(authorization.substring(BEARER.length()).trim(), false));
        }
        Cookie cookie = request.getCookies().get(cookieName);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Token(cookie.getValue(), true));
    }

    private record Token(String text, boolean fromCookie) {
    }

    private static Optional<TokenVerifier> verifier(Optional<JwtKey> key, AccessConfig access) {
        if (key.isEmpty()) {
            return access.isAnonymous() ? Optional.empty() : Optional.of(new TokenVerifier(access, false));
        }
        JwtKey jwt = key.get();
        AccessConfig keyOnly = new AccessConfig(jwt.isHmac() ? Optional.of(jwt.key()) : Optional.empty(),
                jwt.isHmac() ? Optional.empty() : Optional.of(jwt.key()), access.clockSkew(), access.cookieName(),
                access.allowedOrigins());
        return Optional.of(new TokenVerifier(keyOnly, false));
    }
}
