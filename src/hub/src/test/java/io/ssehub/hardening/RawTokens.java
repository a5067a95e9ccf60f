package io.ssehub.hardening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs any claims text with HMAC straight through the JDK (RFC 7515, section 3.1), so tests can send
 * what a token library would refuse to build: claims of the wrong type, or an HS512 key shorter than
 * the hash.
 */
final class RawTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RawTokens() {
    }

    /** Valid claims: a subject, an expiry five minutes ahead, and grants to publish and subscribe to {@code news}. */
    static ObjectNode validClaims() {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", "hardening");
        claims.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
        ObjectNode grants = claims.putObject("ssehub");
        grants.putArray("publish").add("news");
        grants.putArray("subscribe").add("news");
        return claims;
    }

    /** Parses JSON text written in a test, such as {@code null} or {@code [1]}. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** {@code header.claims.signature}, signed with {@code algorithm} (HS256, HS384 or HS512) and the secret. */
    static String hmac(String algorithm, byte[] secret, JsonNode claims) {
        String signingInput = part("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}") + "." + part(claims.toString());
        String javaName = "Hmac" + algorithm.replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(javaName);
            mac.init(new SecretKeySpec(secret, javaName));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
