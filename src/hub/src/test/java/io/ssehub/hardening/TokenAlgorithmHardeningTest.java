package io.ssehub.hardening;

import static io.ssehub.hardening.Problems.assertDetailSays;
import static io.ssehub.hardening.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.config.HubConfig;
import io.ssehub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HMAC keys and algorithms (RFC 7518, section 3.2: the key is at least as long as the hash): HS256 needs
 * a 32-byte secret, HS384 48 bytes, HS512 64 bytes. A token the secret is too short for is refused
 * saying so, never with "could not be checked".
 */
class TokenAlgorithmHardeningTest {

    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";
    private static final String SECRET_64 = SECRET_32 + SECRET_32;
    private static final String PUBLISH_NEWS = "{\"topic\":\"news\",\"type\":\"story\",\"data\":1}";

    // Threat: a hub whose secret is too short for HS384/HS512 answering such tokens with an opaque failure, so issuers cannot tell why.
    @ParameterizedTest(name = "{0} with a 32-byte secret")
    @CsvSource({"HS384, 48", "HS512, 64"})
    void aLongerHashThanTheSecretIsRefusedSayingWhichSecretItNeeds(String algorithm, int bytes) {
        try (TestHub hub = TestHub.start(Map.of("auth.hmac.secret", SECRET_32))) {
            HttpResponse<String> response = publish(hub, algorithm, SECRET_32);

            JsonNode problem = assertProblem(response, 401, "unauthorized");
            assertDetailSays(problem, algorithm, bytes + " bytes", "HS256");
            assertFalse(problem.path("detail").asText().contains("could not be checked"), problem.toString());
            assertEquals(201, publish(hub, "HS256", SECRET_32).statusCode(), "HS256 works with the same secret");
        }
    }

    // Threat: a secret long enough for every HMAC algorithm still refusing the longer hashes.
    @ParameterizedTest(name = "{0} with a 64-byte secret")
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void aSecretAsLongAsTheHashAcceptsThatAlgorithm(String algorithm) {
        try (TestHub hub = TestHub.start(Map.of("auth.hmac.secret", SECRET_64))) {
            assertEquals(201, publish(hub, algorithm, SECRET_64).statusCode());
        }
    }

    // Threat: an operator not knowing which algorithms the configured secret allows until tokens are refused.
    @Test
    void theStartUpLineSaysWhichAlgorithmsTheSecretEnables() {
        String short32 = HubConfig.from(Map.of("auth.hmac.secret", SECRET_32)).access().toString();
        String long64 = HubConfig.from(Map.of("auth.hmac.secret", SECRET_64)).access().toString();

        assertTrue(short32.contains("enables HS256;") && short32.contains("HS512 needs 64 bytes"), short32);
        assertTrue(long64.contains("enables HS256, HS384 and HS512"), long64);
        assertFalse(short32.contains(SECRET_32) || long64.contains(SECRET_32), "the secret is never printed");
    }

    private static HttpResponse<String> publish(TestHub hub, String algorithm, String secret) {
        String token = RawTokens.hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), RawTokens.validClaims());
        return hub.post(PUBLISH_NEWS, Map.of("Authorization", "Bearer " + token));
    }
}
