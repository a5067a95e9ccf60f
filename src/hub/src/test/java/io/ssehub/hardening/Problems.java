package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Reads a refusal the way a client would, and checks it is a problem body that leaks no internals. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /** Asserts the status and {@code urn:ssehub:problem:<slug>}, and returns the problem. */
    static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        String body = response.body();
        assertEquals(status, response.statusCode(), body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), body);
        assertFalse(body.contains("Exception") || body.contains("io.ssehub") || body.contains("\tat "), body);
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("the problem body is not JSON: " + body, e);
        }
        assertEquals("urn:ssehub:problem:" + slug, problem.path("type").asText(), body);
        return problem;
    }

    /** Asserts the problem's detail mentions every part. */
    static void assertDetailSays(JsonNode problem, String... parts) {
        String detail = problem.path("detail").asText();
        for (String part : parts) {
            assertTrue(detail.contains(part), () -> "detail '" + detail + "' does not say '" + part + "'");
        }
    }
}
