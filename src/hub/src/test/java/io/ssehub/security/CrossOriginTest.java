package io.ssehub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS: only allowed origins may read the hub's answers from their pages; credentials never with "*". */
class CrossOriginTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest preflight(TestHub hub, String origin) {
        return HttpRequest.newBuilder(hub.uri("events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, authorization")
                .build();
    }

    @Test
    void anAllowedOriginGetsAPreflightForPublishingAndCredentialedAnswers() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("cors.allowed.origins", "https://app.example.com"))) {
            HttpResponse<String> preflight = send(preflight(hub, "https://app.example.com"));
            assertEquals(204, preflight.statusCode());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
            assertEquals("https://app.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals("true", preflight.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));

            HttpResponse<String> health = send(HttpRequest.newBuilder(hub.uri("health"))
                    .header("Origin", "https://app.example.com").build());
            assertEquals("https://app.example.com", health.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(health.headers().allValues("Vary").contains("Origin"), "caches keep answers per origin");
        }
    }

    /** Threat: a foreign page reading the hub's answers, or preparing a publish, from the user's browser. */
    @Test
    void anOriginNotOnTheListGetsNoCorsHeadersAndNoPreflight() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("cors.allowed.origins", "https://app.example.com"))) {
            HttpResponse<String> preflight = send(preflight(hub, "https://evil.example.net"));
            assertEquals(403, preflight.statusCode());
            assertTrue(preflight.body().contains("foreign-origin"), preflight.body());

            HttpResponse<String> health = send(HttpRequest.newBuilder(hub.uri("health"))
                    .header("Origin", "https://evil.example.net").build());
            assertTrue(health.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }

    /** Threat: "*" combined with credentials, which would hand any site the user's session. */
    @Test
    void aWildcardOriginIsNeverCombinedWithCredentials() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("cors.allowed.origins", "*"))) {
            HttpResponse<String> health = send(HttpRequest.newBuilder(hub.uri("health"))
                    .header("Origin", "https://anyone.example.org").build());
            assertEquals("*", health.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(health.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
        }
    }
}
