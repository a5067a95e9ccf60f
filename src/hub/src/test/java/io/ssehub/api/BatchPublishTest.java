package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.security.Tokens;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /events/batch} over HTTP: a JSON array of events, each as {@code POST /events} takes, published
 * all or none, each acknowledged with its id in the batch's order; and every way a batch is refused.
 */
class BatchPublishTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private TestHub start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("tick.interval", "0"));
        all.putAll(settings);
        hub = TestHub.start(all);
        return hub;
    }

    private static String event(String topic, String type, String data) {
        return "{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"data\":" + data + "}";
    }

    private HttpResponse<String> batch(String body) {
        return batch(body, Map.of());
    }

    private HttpResponse<String> batch(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("events/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return hub.send(request.build());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.body());
        JsonNode problem = json(response.body());
        assertEquals("urn:ssehub:problem:" + slug, problem.path("type").asText(), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("io.ssehub"), response.body());
        return problem;
    }

    private static void assertDetailSays(JsonNode problem, String... parts) {
        String detail = problem.path("detail").asText();
        for (String part : parts) {
            assertTrue(detail.contains(part), () -> "detail '" + detail + "' does not say '" + part + "'");
        }
    }

    /** The log's newest id, as /health tells it: unchanged when a refused batch published nothing. */
    private String newestId() {
        HttpResponse<String> health = hub.send(HttpRequest.newBuilder(hub.uri("health")).GET().build());
        return json(health.body()).path("lastEventId").asText();
    }

    @Test
    void aBatchIsPublishedInOrderEachEventAcknowledgedWithTheIdItsSubscribersSee() {
        start(Map.of());
        try (SseStream stream = SseStream.open(hub.uri("events?topic=news&topic=chat"))) {
            HttpResponse<String> answer = batch("[" + event("news", "notification", "{\"n\":1}") + ","
                    + event("chat", "message", "\"two\"") + "," + event("news", "notification", "[3, 3.0]") + "]");

            assertEquals(201, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode acknowledged = json(answer.body()).path("events");
            assertEquals(3, acknowledged.size(), answer.body());
            List<SseStream.Block> received = stream.nextEvents(3, WAIT);
            String[] topics = {"news", "chat", "news"};
            String[] types = {"notification", "message", "notification"};
            String[] data = {"{\"n\":1}", "\"two\"", "[3,3.0]"};
            for (int i = 0; i < 3; i++) {
                assertEquals(topics[i], acknowledged.get(i).path("topic").asText());
                assertEquals(types[i], acknowledged.get(i).path("type").asText());
                assertEquals(acknowledged.get(i).path("id").asText(), received.get(i).id());
                assertEquals(types[i], received.get(i).type());
                assertEquals(data[i], received.get(i).data());
            }
        }
    }

    @Test
    void oneBadEventRefusesTheWholeBatchNamingTheEventAndItsField() {
        start(Map.of());
        String before = newestId();

        JsonNode problem = assertProblem(batch("[" + event("news", "t", "1") + "," + event("bad topic", "t", "2") + ","
                + event("news", "t", "3") + "]"), 400, "invalid-field");

        assertEquals("[1].topic", problem.path("field").asText());
        assertDetailSays(problem, "[1]: topic");
        assertEquals(before, newestId());
    }

    @Test
    void anEventOfABatchKeepsThePublishRulesUnknownFieldsIncluded() {
        start(Map.of());
        String before = newestId();

        JsonNode problem = assertProblem(batch("[" + event("news", "t", "1") + ",{\"topic\":\"news\",\"type\":\"t\","
                + "\"data\":2,\"colour\":\"red\"}]"), 400, "malformed-request");

        assertDetailSays(problem, "[1]:", "unknown field 'colour'");
        assertEquals(before, newestId());
    }

    @Test
    void aBodyThatIsNotANonEmptyArrayOfObjectsIsRefused() {
        start(Map.of());
        assertDetailSays(assertProblem(batch(event("news", "t", "1")), 400, "malformed-request"), "JSON array");
        assertDetailSays(assertProblem(batch("[]"), 400, "malformed-request"), "at least one event");
        assertDetailSays(assertProblem(batch("[" + event("news", "t", "1") + ",42]"), 400, "malformed-request"),
                "[1]:", "JSON object");
        assertDetailSays(assertProblem(batch("[" + event("news", "t", "1") + "] []"), 400, "malformed-request"),
                "not valid JSON");
        assertDetailSays(assertProblem(batch("[" + event("news", "t", "1")), 400, "malformed-request"),
                "not valid JSON");
    }

    @Test
    void moreEventsThanABatchMayHoldAreRefusedBeforeAnyIsPublished() {
        start(Map.of("publish.batch.max.events", "3"));
        String before = newestId();

        JsonNode problem = assertProblem(batch("[" + String.join(",", Collections.nCopies(4, event("news", "t", "1")))
                + "]"), 413, "too-many-events");

        assertDetailSays(problem, "at most 3 events", "publish.batch.max.events");
        assertEquals(before, newestId());
        assertEquals(201, batch("[" + String.join(",", Collections.nCopies(3, event("news", "t", "1"))) + "]")
                .statusCode());
    }

    /** A batch over the burst could never be taken at once: refused as too large, not told to wait. */
    @Test
    void aBatchLargerThanThePublishBurstIsRefusedAsTooManyEvents() {
        start(Map.of("publish.burst", "2"));

        JsonNode problem = assertProblem(batch("[" + String.join(",", Collections.nCopies(3, event("news", "t", "1")))
                + "]"), 413, "too-many-events");

        assertDetailSays(problem, "at most 2 events", "publish.burst");
    }

    @Test
    void aBatchBodyOverItsByteLimitIsRefusedBeforeItIsRead() {
        start(Map.of("publish.batch.max.bytes", "2048"));
        String data = "\"" + "x".repeat(900) + "\"";

        JsonNode problem = assertProblem(batch("[" + event("news", "t", data) + "," + event("news", "t", data) + ","
                + event("news", "t", data) + "]"), 413, "payload-too-large");

        assertDetailSays(problem, "2048 bytes", "publish.batch.max.bytes");
    }

    /** A batch may be larger than one publish, but none of its events: each must fit the log as a publish. */
    @Test
    void anEventLargerThanOnePublishMayBeIsRefusedInABatchToo() {
        start(Map.of("publish.max.bytes", "1024"));
        String before = newestId();

        JsonNode problem = assertProblem(batch("[" + event("news", "t", "1") + ","
                + event("news", "t", "\"" + "x".repeat(1100) + "\"") + "]"), 413, "payload-too-large");

        assertDetailSays(problem, "[1]:", "1024 bytes", "publish.max.bytes");
        assertEquals(before, newestId());
        // A batch larger than one publish, each of its events within it, is accepted.
        String data = "\"" + "x".repeat(600) + "\"";
        assertEquals(201, batch("[" + event("news", "t", data) + "," + event("news", "t", data) + "]").statusCode());
    }

    @Test
    void everyTopicOfABatchMustBeGrantedAndATokenIsRequired() {
        start(Map.of("auth.hmac.secret", Tokens.SECRET));
        String token = Tokens.hmac(Tokens.claims(List.of("news"), List.of("*")).build());
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String before = newestId(); // health is public

        assertProblem(batch("[" + event("news", "t", "1") + "]"), 401, "unauthorized");
        JsonNode forbidden = assertProblem(batch("[" + event("news", "t", "1") + "," + event("secret", "t", "2") + "]",
                bearer), 403, "forbidden");
        assertDetailSays(forbidden, "[1]:");
        assertEquals(before, newestId());

        assertEquals(201, batch("[" + event("news", "t", "1") + "," + event("news", "t", "2") + "]", bearer)
                .statusCode());
    }

    @Test
    void aBatchCountsAgainstThePublishRateAsThatManyPublishes() {
        start(Map.of("publish.rate", "1", "publish.burst", "3"));

        assertEquals(201, batch("[" + String.join(",", Collections.nCopies(3, event("news", "t", "1"))) + "]")
                .statusCode());
        HttpResponse<String> single = hub.post(event("news", "t", "1"));
        assertProblem(single, 429, "rate-limited");
        assertTrue(single.headers().firstValue("Retry-After").isPresent());
        assertProblem(batch("[" + event("news", "t", "1") + "]"), 429, "rate-limited");
    }

    /**
     * A plain publish is served without Jersey; one with an {@code Origin} goes through Jersey and its CORS
     * filter. Both publish, with the same answer.
     */
    @Test
    void aPlainPublishAndOneThroughJerseyAnswerAlike() {
        start(Map.of());
        List<JsonNode> answers = new ArrayList<>();
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Origin", "http://elsewhere.example"))) {
            HttpResponse<String> answer = hub.post(event("news", "t", "1"), headers);
            assertEquals(201, answer.statusCode(), answer.body());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals("Origin", answer.headers().firstValue("Vary").orElse(""));
            answers.add(json(answer.body()));
        }
        for (JsonNode answer : answers) {
            assertEquals(List.of("id", "topic", "type"), iterable(answer.fieldNames()));
            assertEquals("news", answer.path("topic").asText());
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
