package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.ProtectedPathProbe;
import io.ssehub.testing.ProtectedPathProbe.Attempt;
import io.ssehub.testing.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Access control cannot be walked around by spelling a protected path another way. */
class AccessBypassHardeningTest {

    private static final List<String> PROTECTED = List.of("events", "metrics");
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    // Threat: `/events;`, `/events;x=1`, `//events`… reach the events resource while a path comparison lets them pass unauthenticated.
    @Test
    void noSpellingOfAProtectedPathAdmitsACallerWithoutATokenOnAnHmacHub() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("auth.hmac.secret", SECRET))) {
            List<Attempt> admitted = ProtectedPathProbe.admittedWithoutCredentials(hub.uri(), PROTECTED);
            assertEquals(List.of(), admitted, "admitted without a token");
        }
    }

    // Threat: the same walk-around with public keys configured instead of a shared secret.
    @Test
    void noSpellingOfAProtectedPathAdmitsACallerWithoutATokenOnAPublicKeyHub() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path pem = Files.createTempFile("issuer", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        try (TestHub hub = TestHub.start(Map.of("auth.public.keys", pem.toString()))) {
            assertEquals(List.of(), ProtectedPathProbe.admittedWithoutCredentials(hub.uri(), PROTECTED),
                    "admitted without a token");
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    // Control: the probe does see an admission where one happens (anonymous mode admits everyone).
    @Test
    void theProbeSeesAdmissionsOnAnAnonymousHub() throws Exception {
        try (TestHub hub = TestHub.start()) {
            List<Attempt> admitted = ProtectedPathProbe.admittedWithoutCredentials(hub.uri(), List.of("events"));
            assertTrue(admitted.stream().anyMatch(a -> a.method().equals("POST") && a.target().equals("/events")),
                    () -> "a plain anonymous publish was not admitted: " + admitted);
            assertFalse(admitted.isEmpty());
        }
    }
}
