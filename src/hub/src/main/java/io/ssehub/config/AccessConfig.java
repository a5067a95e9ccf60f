package io.ssehub.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may publish and subscribe. With neither an HMAC secret nor public keys the hub is anonymous:
 * everyone may do everything (the zero-config default for local development, logged at start-up).
 * Secret and keys exclude each other, so an HMAC token can never be checked against a public key
 * (the "algorithm confusion" attack). Each value has been checked by its setting's rule ({@link Setting}) as
 * {@link HubConfig#from(java.util.function.Function)} read it.
 *
 * @param hmacSecret  shared secret for HMAC tokens, at least 32 bytes: HS256 needs 32, HS384 48, HS512 64
 * @param publicKeys  PEM file, JWKS file or JWKS URL of the keys for RS/PS/ES tokens
 * @param clockSkew   tolerance when checking {@code exp} and {@code nbf}
 * @param cookieName  cookie a browser's EventSource (which cannot send headers) carries the token in
 * @param allowedOrigins origins other than the hub's own that browsers may call it from (CORS), and that a
 *                    cookie-authenticated publish may come from; {@code *} allows any origin, without credentials
 */
public record AccessConfig(Optional<String> hmacSecret, Optional<String> publicKeys, Duration clockSkew, String cookieName,
                           List<String> allowedOrigins) {

    /** The shortest secret any HMAC algorithm takes: HS256's ({@link HmacAlgorithm}). */
    public static final int MIN_SECRET_BYTES = HmacAlgorithm.HS256.minSecretBytes();

    public AccessConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Whether a browser page from {@code origin} may call the hub (an exact match, or {@code *}). */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    /** The HMAC algorithms the secret is long enough for; none without a secret. */
    public List<HmacAlgorithm> hmacAlgorithms() {
        return hmacSecret.map(secret -> HmacAlgorithm.enabledBy(secret.getBytes(StandardCharsets.UTF_8).length))
                .orElse(List.of());
    }

    /**
     * Whether a token is checked with keys the hub holds: false only for a JWKS URL, whose keys may be
     * fetched (and waited for) while a token is checked.
     */
    public boolean keysAtHand() {
        return publicKeys.map(location -> !isUrl(location)).orElse(true);
    }

    /** Whether {@code auth.public.keys} names a JWKS URL rather than a file. */
    public static boolean isUrl(String publicKeysLocation) {
        return publicKeysLocation.startsWith("https://") || publicKeysLocation.startsWith("http://");
    }

    public boolean isAnonymous() {
        return hmacSecret.isEmpty() && publicKeys.isEmpty();
    }

    @Override
    public String toString() {
        // Never print the secret, not even in a log line or an exception.
        return isAnonymous() ? "anonymous"
                : hmacSecret.isPresent() ? "JWT (HMAC shared secret: " + hmacAlgorithmsText() + ")"
                : "JWT (public keys from " + publicKeys.get() + ")";
    }

    /** {@code it enables HS256; HS384 needs 48 bytes; HS512 needs 64 bytes}. */
    private String hmacAlgorithmsText() {
        StringBuilder text = new StringBuilder("it enables ").append(HmacAlgorithm.describe(hmacAlgorithms()));
        for (HmacAlgorithm algorithm : HmacAlgorithm.values()) {
            if (!hmacAlgorithms().contains(algorithm)) {
                text.append("; ").append(algorithm).append(" needs ").append(algorithm.minSecretBytes()).append(" bytes");
            }
        }
        return text.toString();
    }
}
