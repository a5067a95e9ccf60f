package io.ssehub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.DefaultJOSEProcessor;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.ssehub.config.AccessConfig;
import io.ssehub.config.HmacAlgorithm;
import io.ssehub.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a JSON Web Token (RFC 7519) with nimbus-jose-jwt and reads its grants. Only the algorithms of
 * the configured key kind are accepted (HMAC with a secret, those it is long enough for; RSA, RSA-PSS or EC
 * with public keys), so
 * {@code alg: none} and HMAC-signed-with-the-public-key tokens fail; {@code exp} is required and
 * {@code exp}/{@code nbf} are checked with the configured clock skew. The signature is checked before
 * anything in the claims is read; then every claim's type is checked ({@link TokenClaims}).
 *
 * <p>Grants are the {@code ssehub} claim: {@code {"publish": ["news", "chat/*"], "subscribe": ["*"]}}.
 */
public final class TokenVerifier {

    /** The claim that carries the grants. */
    public static final String GRANTS_CLAIM = "ssehub";

    private static final Set<JWSAlgorithm> PUBLIC_KEY = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final DefaultJOSEProcessor<SecurityContext> signatures = new DefaultJOSEProcessor<>();
    private final DefaultJWTClaimsVerifier<SecurityContext> times;
    private final List<HmacAlgorithm> hmacAlgorithms;

    /**
     * The one verifier of a hub, shared by everything that checks tokens (its keys, a JWKS document among
     * them, are loaded once); none in anonymous mode.
     */
    public static Optional<TokenVerifier> forAccess(AccessConfig access) {
        return access.isAnonymous() ? Optional.empty() : Optional.of(new TokenVerifier(access));
    }

    public TokenVerifier(AccessConfig access) {
        this(access, true);
    }

    /**
     * @param expiryRequired whether a token without {@code exp} is refused (ssehub's own tokens); Mercure's
     *                       are valid without one, and a stream opened with such a token is open-ended
     */
    public TokenVerifier(AccessConfig access, boolean expiryRequired) {
        times = new DefaultJWTClaimsVerifier<>(null, expiryRequired ? Set.of("exp") : Set.of());
        if (access.isAnonymous()) {
            throw new IllegalArgumentException("anonymous mode checks no tokens");
        }
        JWKSource<SecurityContext> keys = access.hmacSecret().isPresent()
                ? new ImmutableSecret<>(access.hmacSecret().get().getBytes(StandardCharsets.UTF_8))
                : PublicKeys.load(access.publicKeys().orElseThrow());
        hmacAlgorithms = access.hmacAlgorithms();
        Set<JWSAlgorithm> algorithms = access.hmacSecret().isEmpty() ? PUBLIC_KEY
                : hmacAlgorithms.stream().map(algorithm -> JWSAlgorithm.parse(algorithm.name())).collect(Collectors.toSet());
        signatures.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        // As for any JWT (RFC 7519, section 5.1): "typ" is absent or "JWT".
        signatures.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        times.setMaxClockSkew((int) access.clockSkew().toSeconds());
    }

    /** A verified token: what it grants and when it stops being valid. */
    public record Verified(Grants grants, Instant expiresAt, String subject) {
    }

    /**
     * A token whose signature, registered claims and times are checked, for a protocol that reads its own
     * claims from {@link #json()} (Mercure's {@code mercure} claim).
     *
     * @param json      every claim, as the token carries them
     * @param expiresAt its {@code exp}, when it has one
     * @param subject   its {@code sub}, or a name derived from the token when it has none
     */
    public record VerifiedClaims(Map<String, Object> json, Optional<Instant> expiresAt, String subject) {
    }

    /** @throws Refusal (unauthorized) saying what is wrong, never repeating the token */
    public Verified verify(String token) {
        Map<String, Object> json = signedClaims(token);
        TokenClaims claims = TokenClaims.read(json);
        VerifiedClaims verified = checkTimes(token, json, claims.registered());
        return new Verified(claims.grants(), verified.expiresAt().orElseThrow(), verified.subject());
    }

    /** @throws Refusal (unauthorized) saying what is wrong, never repeating the token */
    public VerifiedClaims verifyClaims(String token) {
        Map<String, Object> json = signedClaims(token);
        return checkTimes(token, json, TokenClaims.registered(json));
    }

    private VerifiedClaims checkTimes(String token, Map<String, Object> json, JWTClaimsSet registered) {
        try {
            times.verify(registered, null);
        } catch (BadJWTException e) {
            throw Refusal.unauthorized("the token is not valid: " + e.getMessage());
        }
        String subject = registered.getSubject() == null
                ? "token:" + Integer.toHexString(token.hashCode()) : registered.getSubject();
        return new VerifiedClaims(json, Optional.ofNullable(registered.getExpirationTime()).map(Date::toInstant),
                subject);
    }

    /** The claims of a token whose algorithm is accepted and whose signature is right, as a JSON object. */
    private Map<String, Object> signedClaims(String token) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            throw Refusal.unauthorized("the token is not a well-formed signed JWT");
        }
        requireSecretLongEnoughFor(jws.getHeader().getAlgorithm());
        Payload payload;
        try {
            payload = signatures.process(jws, null);
        } catch (BadJOSEException e) {
            throw Refusal.unauthorized("the token's signature or algorithm is not accepted");
        } catch (JOSEException e) {
            throw Refusal.unauthorized("the token could not be checked");
        }
        Map<String, Object> claims = payload.toJSONObject();
        if (claims == null) {
            throw Refusal.unauthorized("the token's claims are not a JSON object");
        }
        return claims;
    }

    /** An HMAC token whose hash is longer than the secret is refused saying so, rather than as a bad signature. */
    private void requireSecretLongEnoughFor(Algorithm algorithm) {
        if (hmacAlgorithms.isEmpty()) {
            return;
        }
        for (HmacAlgorithm hmac : HmacAlgorithm.values()) {
            if (hmac.name().equals(algorithm.getName()) && !hmacAlgorithms.contains(hmac)) {
                throw Refusal.unauthorized("the token is signed with " + hmac + ", which needs an HMAC secret of at least "
                        + hmac.minSecretBytes() + " bytes; this hub's secret enables " + HmacAlgorithm.describe(hmacAlgorithms)
                        + " only");
            }
        }
    }
}
