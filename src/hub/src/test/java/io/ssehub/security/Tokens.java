package io.ssehub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Mints tokens for tests, the way an issuer would (README shows the same with nimbus-jose-jwt). Public for
 * the client and command-line tests, which run against a locked-down hub from other packages.
 */
public final class Tokens {

    public static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private Tokens() {
    }

    public static JWTClaimsSet.Builder claims(List<String> publish, List<String> subscribe) {
        return new JWTClaimsSet.Builder()
                .subject("test")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim(TokenVerifier.GRANTS_CLAIM, Map.of("publish", publish, "subscribe", subscribe));
    }

    public static String hmac(JWTClaimsSet claims) {
        return hmac(claims, SECRET.getBytes(StandardCharsets.UTF_8));
    }

    public static String hmac(JWTClaimsSet claims, byte[] secret) {
        try {
            return sign(new MACSigner(secret), JWSAlgorithm.HS256, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rsa(JWTClaimsSet claims, KeyPair keys) {
        return sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()), JWSAlgorithm.RS256, claims);
    }

    /** A token with {@code alg: none} and no signature (RFC 7519, section 6): an "unsecured JWT". */
    static String unsecured(JWTClaimsSet claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
