package io.ssehub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.ssehub.config.AccessConfig;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON Web Token (RFC 7519) with nimbus-jose-jwt and reads its grants. Only the algorithms of
 * the configured key kind are accepted (HMAC with a secret; RSA, RSA-PSS or EC with public keys), so
 * {@code alg: none} and HMAC-signed-with-the-public-key tokens fail; {@code exp} is required and
 * {@code exp}/{@code nbf} are checked with the configured clock skew.
 *
 * <p>Grants are the {@code ssehub} claim: {@code {"publish": ["news", "chat/*"], "subscribe": ["*"]}}.
 */
public final class TokenVerifier {

    /** The claim that carries the grants. */
    public static final String GRANTS_CLAIM = "ssehub";

    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final Set<JWSAlgorithm> PUBLIC_KEY = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(AccessConfig access) {
        if (access.isAnonymous()) {
            throw new IllegalArgumentException("anonymous mode checks no tokens");
        }
        JWKSource<SecurityContext> keys = access.hmacSecret().isPresent()
                ? new ImmutableSecret<>(access.hmacSecret().get().getBytes(StandardCharsets.UTF_8))
                : PublicKeys.load(access.publicKeys().orElseThrow());
        Set<JWSAlgorithm> algorithms = access.hmacSecret().isPresent() ? HMAC : PUBLIC_KEY;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("exp"));
        claims.setMaxClockSkew((int) access.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A verified token: what it grants and when it stops being valid. */
    public record Verified(Grants grants, Instant expiresAt, String subject) {
    }

    /** @throws NotAuthenticatedException saying what is wrong, never repeating the token */
    public Verified verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new NotAuthenticatedException("the token is not a well-formed signed JWT");
        } catch (BadJWTException e) {
            throw new NotAuthenticatedException("the token is not valid: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new NotAuthenticatedException("the token's signature or algorithm is not accepted");
        } catch (JOSEException e) {
            throw new NotAuthenticatedException("the token could not be checked");
        }
        String subject = claims.getSubject() == null ? "token:" + Integer.toHexString(token.hashCode()) : claims.getSubject();
        return new Verified(grants(claims), claims.getExpirationTime().toInstant(), subject);
    }

    private static Grants grants(JWTClaimsSet claims) {
        Object claim = claims.getClaim(GRANTS_CLAIM);
        if (!(claim instanceof Map<?, ?> grants)) {
            return new Grants(List.of(), List.of());
        }
        return new Grants(patterns(grants.get("publish")), patterns(grants.get("subscribe")));
    }

    private static List<TopicPattern> patterns(Object value) {
        List<TopicPattern> patterns = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String pattern && !pattern.isEmpty()) {
                    patterns.add(new TopicPattern(pattern));
                }
            }
        }
        return patterns;
    }
}
