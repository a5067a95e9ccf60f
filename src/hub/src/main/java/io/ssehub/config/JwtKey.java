package io.ssehub.config;

/**
 * A key tokens are checked with, and the algorithm it is for: an HMAC secret for {@code HS*}, otherwise the
 * place of public keys (a PEM file, a JWKS file or a JWKS URL) for {@code RS*}, {@code PS*} or {@code ES*}.
 * Only the algorithms of the key's kind are accepted, so an HMAC token is never checked against a public key.
 *
 * @param key       the secret or the place of the public keys
 * @param algorithm the JWS algorithm the key was configured for, such as {@code HS256}
 */
public record JwtKey(String key, String algorithm) {

    public boolean isHmac() {
        return algorithm.startsWith("HS");
    }

    @Override
    public String toString() {
        // Never print the secret, not even in a log line or an exception.
        return isHmac() ? algorithm + " (HMAC shared secret)" : algorithm + " (public keys from " + key + ")";
    }
}
