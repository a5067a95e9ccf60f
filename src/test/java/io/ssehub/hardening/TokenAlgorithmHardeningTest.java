package io.ssehub.hardening;

import static io.ssehub.hardening.Problems.assertDetailSays;
import static io.ssehub.hardening.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.config.HubConfig;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

    private HttpResponse<String> publish(TestHub hub, String algorithm, String secret) {
        String token = RawTokens.hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), RawTokens.validClaims());
        HttpRequest request = HttpRequest.newBuilder(hub.uri("events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(PUBLISH_NEWS))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
