package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssehub.config.HubConfig;
import io.ssehub.app.HubApplication;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.RequestEntityProcessing;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a client can send the hub something it must refuse, over HTTP: each refusal has the right
 * status, an {@code application/problem+json} body naming the broken rule (and the field, for field
 * rules), and never leaks internals. Valid SSE streams are never opened here except in the one test
 * that checks a stream's headers.
 */
class BadInputTest extends JerseyTest {

    private static final int MAX_BYTES = 2048;
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_TYPE_PREFIX = "urn:ssehub:problem:";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The hub's settings here; {@link BadInputOnEmbeddedHubTest} runs every test on the embedded server with them. */
    static final Map<String, String> SETTINGS = Map.of("tick.interval", "0", "publish.max.bytes", "2048");

    @Override
    protected Application configure() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        return new HubApplication(HubConfig.from(SETTINGS));
    }

    // ---------------------------------------------------------------- POST /events: the body is not a JSON object

    @ParameterizedTest(name = "malformed JSON {0} is refused")
    @ValueSource(strings = {
            "{",
            "{\"topic\":",
            "not json",
            "{'topic':'a','type':'t','data':1}",
            "{\"topic\":\"a\",\"type\":\"t\",\"data\":1,}",
            "{\"topic\" \"a\"}",
            "{\"topic\":\"a\",\"type\":\"t\",\"data\":tru}",
    })
    void malformedJsonIsRefusedAsAMalformedRequest(String body) {
        JsonNode problem = assertProblem(publish(body), 400, "malformed-request");
        assertDetailContains(problem, "not valid JSON");
    }

    @Test
    void bodyThatIsNotUtf8IsRefusedAsAMalformedRequest() {
        byte[] body = {'{', '"', 't', 'o', 'p', 'i', 'c', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        JsonNode problem = assertProblem(publish(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE)), 400,
                "malformed-request");
        assertDetailContains(problem, "not valid JSON");
    }

    @Test
    void emptyBodyIsRefusedAsAMalformedRequest() {
        JsonNode problem = assertProblem(publish(""), 400, "malformed-request");
        assertDetailContains(problem, "JSON object");
    }

    @ParameterizedTest(name = "JSON {0} that is not an object is refused")
    @ValueSource(strings = {
            "[]",
            "[{\"topic\":\"a\",\"type\":\"t\",\"data\":1}]",
            "\"topic\"",
            "42",
            "-1.5",
            "true",
            "null",
    })
    void jsonThatIsNotAnObjectIsRefused(String body) {
        JsonNode problem = assertProblem(publish(body), 400, "malformed-request");
        assertDetailContains(problem, "must be a JSON object");
    }

    /**
     * The class promises strict parsing, "so a typo never publishes something other than what was meant";
     * a second document (or stray text) after the object is as malformed as a missing brace.
     */
    @ParameterizedTest(name = "trailing content {0} after the object is refused")
    @ValueSource(strings = {
            " x",
            "}",
            " {\"topic\":\"other\",\"type\":\"t\",\"data\":2}",
            ",\"retry\":5}",
    })
    void trailingContentAfterTheObjectIsRefused(String trailer) {
        JsonNode problem = assertProblem(publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1}" + trailer), 400,
                "malformed-request");
        assertDetailContains(problem, "not valid JSON");
        assertNothingPublished();
    }

    // ---------------------------------------------------------------- POST /events: structure of the object

    @ParameterizedTest(name = "missing {0} is refused naming it")
    @ValueSource(strings = {"topic", "type", "data"})
    void missingRequiredFieldIsRefusedNamingIt(String field) {
        ObjectNode body = validBody();
        body.remove(field);
        JsonNode problem = assertProblem(publish(body.toString()), 400, "invalid-field", field);
        assertDetailContains(problem, field, "required");
    }

    @ParameterizedTest(name = "null {0} is refused as missing")
    @ValueSource(strings = {"topic", "type"})
    void nullTopicOrTypeIsRefusedAsMissing(String field) {
        ObjectNode body = validBody();
        body.putNull(field);
        JsonNode problem = assertProblem(publish(body.toString()), 400, "invalid-field", field);
        assertDetailContains(problem, field, "required");
    }

    @Test
    void nullDataIsAcceptedBecauseDataMayBeAnyJsonValue() {
        ObjectNode body = validBody();
        body.putNull("data");
        Response response = publish(body.toString());
        assertEquals(201, response.getStatus(), () -> "body: " + response.readEntity(String.class));
    }

    @ParameterizedTest(name = "topic {0} that is not a string is refused naming the field")
    @ValueSource(strings = {"1", "true", "[\"a\"]", "{\"name\":\"a\"}", "1.5"})
    void topicThatIsNotAStringIsRefusedNamingTheField(String value) {
        JsonNode problem = assertProblem(publish("{\"topic\":" + value + ",\"type\":\"t\",\"data\":1}"), 400,
                "invalid-field", "topic");
        assertDetailContains(problem, "topic", "must be a string");
    }

    @ParameterizedTest(name = "type {0} that is not a string is refused naming the field")
    @ValueSource(strings = {"7", "false", "[\"t\"]", "{}"})
    void typeThatIsNotAStringIsRefusedNamingTheField(String value) {
        JsonNode problem = assertProblem(publish("{\"topic\":\"a\",\"type\":" + value + ",\"data\":1}"), 400,
                "invalid-field", "type");
        assertDetailContains(problem, "type", "must be a string");
    }

    @ParameterizedTest(name = "unknown field {0} is refused naming it")
    @ValueSource(strings = {"colour", "Topic", "id", "event", "retries"})
    void unknownExtraFieldIsRefusedNamingIt(String field) {
        ObjectNode body = validBody();
        body.put(field, "x");
        JsonNode problem = assertProblem(publish(body.toString()), 400, "malformed-request");
        assertDetailContains(problem, "unknown field", "'" + field + "'");
    }

    @Test
    void unknownFieldWithAVeryLongNameIsRefusedWithoutEchoingItInFull() {
        String name = "n".repeat(1000);
        ObjectNode body = validBody();
        body.put(name, 1);
        JsonNode problem = assertProblem(publish(body.toString()), 400, "malformed-request");
        assertDetailContains(problem, "unknown field");
        assertFalse(problem.get("detail").asText().contains(name), "the 1000-character name is echoed in full");
    }

    @ParameterizedTest(name = "duplicate {0} is refused naming it")
    @ValueSource(strings = {"topic", "type", "data", "retry"})
    void duplicateKeyIsRefusedNamingIt(String field) {
        String body = "{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":10,\"" + field + "\":"
                + ("data".equals(field) || "retry".equals(field) ? "2" : "\"b\"") + "}";
        JsonNode problem = assertProblem(publish(body), 400, "malformed-request");
        assertDetailContains(problem, "Duplicate field", "'" + field + "'");
        assertNothingPublished();
    }

    // ---------------------------------------------------------------- POST /events: topic rules

    @Test
    void emptyTopicIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish(withField("topic", "")), 400, "invalid-field", "topic");
        assertDetailContains(problem, "topic", "required");
    }

    @Test
    void topicLongerThan128CharactersIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish(withField("topic", "t".repeat(129))), 400, "invalid-field", "topic");
        assertDetailContains(problem, "topic", "at most 128 characters");
    }

    @Test
    void topicOfExactly128CharactersIsAccepted() {
        Response response = publish(withField("topic", "t".repeat(128)));
        assertEquals(201, response.getStatus(), () -> "body: " + response.readEntity(String.class));
    }

    static Stream<Arguments> forbiddenTopics() {
        return Stream.of(
                Arguments.of("a line feed", "news\nevent: forged"),
                Arguments.of("a carriage return", "news\revent: forged"),
                Arguments.of("a CRLF", "news\r\nevent: forged"),
                Arguments.of("a NUL", "news\u0000x"),
                Arguments.of("a trailing line feed", "news\n"),
                Arguments.of("a space", "news sport"),
                Arguments.of("a tab", "news\tsport"),
                Arguments.of("a leading dot", ".news"),
                Arguments.of("a leading dash", "-news"),
                Arguments.of("a leading slash", "/news"),
                Arguments.of("a leading colon", ":news"),
                Arguments.of("a comma", "news,sport"),
                Arguments.of("an asterisk", "news*"),
                Arguments.of("a non-ASCII letter", "nouvelles-\u00e9t\u00e9"),
                Arguments.of("only whitespace", " "));
    }

    @ParameterizedTest(name = "topic with {0} is refused naming the field")
    @MethodSource("forbiddenTopics")
    void topicWithForbiddenCharacterIsRefusedNamingTheField(String what, String topic) {
        JsonNode problem = assertProblem(publish(withField("topic", topic)), 400, "invalid-field", "topic");
        assertDetailContains(problem, "topic", "must start with a letter or digit");
        assertNothingPublished();
    }

    @Test
    void topicWithLineFeedIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish("{\"topic\":\"news\\nid: 999\",\"type\":\"t\",\"data\":1}"), 400,
                "invalid-field", "topic");
        assertDetailContains(problem, "topic");
    }

    @Test
    void topicUsingEveryAllowedCharacterIsAccepted() {
        Response response = publish(withField("topic", "0a.Z_b:c/d-e"));
        assertEquals(201, response.getStatus(), () -> "body: " + response.readEntity(String.class));
    }

    // ---------------------------------------------------------------- POST /events: type rules

    @Test
    void emptyTypeIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish(withField("type", "")), 400, "invalid-field", "type");
        assertDetailContains(problem, "type", "required");
    }

    @Test
    void typeLongerThan64CharactersIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish(withField("type", "t".repeat(65))), 400, "invalid-field", "type");
        assertDetailContains(problem, "type", "at most 64 characters");
    }

    @Test
    void typeOfExactly64CharactersIsAccepted() {
        Response response = publish(withField("type", "t".repeat(64)));
        assertEquals(201, response.getStatus(), () -> "body: " + response.readEntity(String.class));
    }

    static Stream<Arguments> forbiddenTypes() {
        return Stream.of(
                Arguments.of("a line feed", "update\ndata: forged"),
                Arguments.of("a carriage return", "update\rdata: forged"),
                Arguments.of("a CRLF", "update\r\ndata: forged"),
                Arguments.of("a NUL", "update\u0000"),
                Arguments.of("a space", "user updated"),
                Arguments.of("a tab", "user\tupdated"),
                Arguments.of("a colon", "user:updated"),
                Arguments.of("a slash", "user/updated"),
                Arguments.of("an at sign", "user@updated"),
                Arguments.of("a leading digit", "1update"),
                Arguments.of("only a digit", "7"),
                Arguments.of("a leading dot", ".update"),
                Arguments.of("a leading dash", "-update"),
                Arguments.of("a leading underscore", "_update"),
                Arguments.of("a non-ASCII letter", "\u00e9v\u00e9nement"));
    }

    @ParameterizedTest(name = "type with {0} is refused naming the field")
    @MethodSource("forbiddenTypes")
    void typeWithForbiddenCharacterIsRefusedNamingTheField(String what, String type) {
        JsonNode problem = assertProblem(publish(withField("type", type)), 400, "invalid-field", "type");
        assertDetailContains(problem, "type", "must start with a letter");
        assertNothingPublished();
    }

    @Test
    void typeStartingWithADigitIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(publish(withField("type", "2fa.enabled")), 400, "invalid-field", "type");
        assertDetailContains(problem, "type", "must start with a letter");
    }

    // ---------------------------------------------------------------- POST /events: retry rules

    @ParameterizedTest(name = "retry {0} that is not a whole number is refused naming the field")
    @ValueSource(strings = {"1.5", "1.0", "1e3", "\"1000\"", "true", "[1000]", "{\"ms\":1000}",
            "99999999999999999999999999"})
    void retryThatIsNotAWholeNumberOfMillisecondsIsRefused(String value) {
        JsonNode problem = assertProblem(publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":" + value + "}"),
                400, "invalid-field", "retry");
        assertDetailContains(problem, "retry", "whole number");
    }

    @ParameterizedTest(name = "retry {0} outside 0..one day is refused naming the field")
    @ValueSource(longs = {-1, -86_400_000, 86_400_001, Long.MAX_VALUE, Long.MIN_VALUE})
    void retryOutsideZeroToOneDayIsRefusedNamingTheField(long retry) {
        JsonNode problem = assertProblem(publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":" + retry + "}"),
                400, "invalid-field", "retry");
        assertDetailContains(problem, "retry", "between 0 and 86400000");
        assertNothingPublished();
    }

    @ParameterizedTest(name = "retry {0} is accepted")
    @ValueSource(strings = {"0", "86400000", "null"})
    void retryAtTheBoundsOrNullIsAccepted(String value) {
        Response response = publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":" + value + "}");
        assertEquals(201, response.getStatus(), () -> "body: " + response.readEntity(String.class));
    }

    // ---------------------------------------------------------------- POST /events: the field member

    static Stream<Arguments> refusalsOfOneField() {
        return Stream.of(
                Arguments.of("topic", "{\"type\":\"t\",\"data\":1}"),
                Arguments.of("topic", "{\"topic\":null,\"type\":\"t\",\"data\":1}"),
                Arguments.of("topic", "{\"topic\":5,\"type\":\"t\",\"data\":1}"),
                Arguments.of("type", "{\"topic\":\"a\",\"data\":1}"),
                Arguments.of("type", "{\"topic\":\"a\",\"type\":[],\"data\":1}"),
                Arguments.of("data", "{\"topic\":\"a\",\"type\":\"t\"}"),
                Arguments.of("retry", "{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":1.5}"),
                Arguments.of("retry", "{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":\"1000\"}"));
    }

    /**
     * {@link Problem} promises a {@code field} member naming the input "when there is one". A missing or
     * wrongly typed topic is as much about the field {@code topic} as an empty one, which does carry it.
     */
    @ParameterizedTest(name = "refusal of {1} carries field member {0}")
    @MethodSource("refusalsOfOneField")
    void everyRefusalAboutOneFieldCarriesTheFieldMember(String field, String body) {
        JsonNode problem = problemOf(publish(body), 400);
        assertTrue(problem.hasNonNull("field"), () -> "no 'field' member in " + problem);
        assertEquals(field, problem.get("field").asText(), () -> "problem: " + problem);
    }

    // ---------------------------------------------------------------- POST /events: size, media type, method, path

    @Test
    void bodyOverTheLimitWithContentLengthIsRefusedAsTooLarge() {
        String body = paddedBody(MAX_BYTES + 1);
        Response response = target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
        JsonNode problem = assertProblem(response, 413, "payload-too-large");
        assertDetailContains(problem, "at most " + MAX_BYTES + " bytes");
        assertNothingPublished();
    }

    @Test
    void muchLargerBodyWithContentLengthIsRefusedAsTooLarge() {
        String body = paddedBody(64 * 1024);
        Response response = target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
        JsonNode problem = assertProblem(response, 413, "payload-too-large");
        assertDetailContains(problem, "at most " + MAX_BYTES + " bytes");
    }

    @Test
    void bodyOverTheLimitSentChunkedWithoutALengthIsRefusedAsTooLarge() {
        InputStream body = new ByteArrayInputStream(paddedBody(MAX_BYTES + 1).getBytes(StandardCharsets.UTF_8));
        Response response = target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.CHUNKED)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
        JsonNode problem = assertProblem(response, 413, "payload-too-large");
        assertDetailContains(problem, "at most " + MAX_BYTES + " bytes");
        assertNothingPublished();
    }

    @Test
    void bodyOfExactlyTheLimitIsAcceptedWithOrWithoutALength() {
        String body = paddedBody(MAX_BYTES);
        assertEquals(MAX_BYTES, body.getBytes(StandardCharsets.UTF_8).length);
        Response buffered = target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
        assertEquals(201, buffered.getStatus(), () -> "body: " + buffered.readEntity(String.class));
        Response chunked = target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.CHUNKED)
                .post(Entity.entity(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                        MediaType.APPLICATION_JSON_TYPE));
        assertEquals(201, chunked.getStatus(), () -> "body: " + chunked.readEntity(String.class));
    }

    @ParameterizedTest(name = "POST with Content-Type {0} is refused as unsupported")
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/octet-stream"})
    void publishWithAMediaTypeOtherThanJsonIsRefusedAsUnsupported(String mediaType) {
        Response response = target("events").request()
                .post(Entity.entity(validBody().toString(), MediaType.valueOf(mediaType)));
        JsonNode problem = assertProblem(response, 415, "unsupported-media-type");
        assertDetailContains(problem, "application/json");
        assertNothingPublished();
    }

    @Test
    void deleteOnEventsIsRefusedAsNotAllowedWithAnAllowHeader() {
        Response response = target("events").request().delete();
        assertAllowHeaderListsGetAndPost(response);
        JsonNode problem = assertProblem(response, 405, "method-not-allowed");
        assertDetailContains(problem, "not allowed", "GET", "POST");
    }

    @Test
    void putOnEventsIsRefusedAsNotAllowedWithAnAllowHeader() {
        Response response = target("events").request().put(Entity.entity(validBody().toString(),
                MediaType.APPLICATION_JSON_TYPE));
        assertAllowHeaderListsGetAndPost(response);
        JsonNode problem = assertProblem(response, 405, "method-not-allowed");
        assertDetailContains(problem, "not allowed", "GET", "POST");
        assertNothingPublished();
    }

    @Test
    void postOnHealthIsRefusedAsNotAllowedWithAnAllowHeader() {
        Response response = target("health").request().post(Entity.entity("{}", MediaType.APPLICATION_JSON_TYPE));
        assertTrue(allowed(response).contains("GET"), () -> "Allow: " + response.getHeaderString(HttpHeaders.ALLOW));
        assertProblem(response, 405, "method-not-allowed");
    }

    @ParameterizedTest(name = "GET {0} is not found")
    @ValueSource(strings = {"nothing-here", "events/extra", "event", "health/deep/path"})
    void unknownPathIsNotFound(String path) {
        JsonNode problem = assertProblem(target(path).request().get(), 404, "not-found");
        assertDetailContains(problem, "no resource");
    }

    @Test
    void postToAnUnknownPathIsNotFound() {
        Response response = target("publish").request().post(Entity.entity(validBody().toString(),
                MediaType.APPLICATION_JSON_TYPE));
        assertProblem(response, 404, "not-found");
        assertNothingPublished();
    }

    @Test
    void subscribeAcceptingOnlyJsonIsRefusedAsNotAcceptable() {
        Response response = target("events").request(MediaType.APPLICATION_JSON_TYPE).get();
        JsonNode problem = assertProblem(response, 406, "not-acceptable");
        assertDetailContains(problem, "accepted media types");
    }

    // ---------------------------------------------------------------- GET /events: subscription rules

    static Stream<Arguments> forbiddenSubscriptionTopics() {
        return Stream.of(
                Arguments.of("a line feed", "news\nevent: forged"),
                Arguments.of("a carriage return", "news\rx"),
                Arguments.of("a CRLF", "news\r\nx"),
                Arguments.of("a space", "news sport"),
                Arguments.of("a leading dot", ".news"),
                Arguments.of("an asterisk", "news*"),
                Arguments.of("a non-ASCII letter", "\u00e9t\u00e9"),
                Arguments.of("a length of 129", "t".repeat(129)));
    }

    /** Threat: bytes a Java client could not even put in a String (invalid UTF-8, NUL, CR LF), percent-encoded. */
    @ParameterizedTest(name = "a raw query topic {0} is refused")
    @ValueSource(strings = {"%C3%28", "news%00", "news%0D%0Aevent:%20forged", "%FF%FE"})
    void aPercentEncodedTopicThatIsNotAValidTopicIsRefused(String rawTopic) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(getBaseUri() + "events?topic=" + rawTopic))
                .header("Accept", "text/event-stream").build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"field\":\"topic\""), response.body());
        assertNoSubscriberLeft();
    }

    @ParameterizedTest(name = "subscribing to a topic with {0} is refused naming the field")
    @MethodSource("forbiddenSubscriptionTopics")
    void subscribingToAForbiddenTopicIsRefusedNamingTheField(String what, String topic) {
        Response response = target("events").queryParam("topic", "ok", topic)
                .request(MediaType.SERVER_SENT_EVENTS_TYPE).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "topic");
        assertDetailContains(problem, "topic");
        assertNoSubscriberLeft();
    }

    @Test
    void subscribingToAnEmptyTopicIsRefusedNamingTheField() {
        Response response = target("events").queryParam("topic", "").request(MediaType.SERVER_SENT_EVENTS_TYPE).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "topic");
        assertDetailContains(problem, "topic", "required");
    }

    @Test
    void subscribingToMoreThan32TopicsIsRefusedNamingTheField() {
        Object[] topics = IntStream.rangeClosed(0, 32).mapToObj(i -> "topic-" + i).toArray();
        assertEquals(33, topics.length);
        Response response = target("events").queryParam("topic", topics).request(MediaType.SERVER_SENT_EVENTS_TYPE).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "topic");
        assertDetailContains(problem, "at most 32");
        assertNoSubscriberLeft();
    }

    @Test
    void lastEventIdHeaderOf200CharactersIsRefusedNamingIt() {
        Response response = target("events").request(MediaType.SERVER_SENT_EVENTS_TYPE)
                .header(HttpHeaders.LAST_EVENT_ID_HEADER, "i".repeat(200)).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "Last-Event-ID");
        assertDetailContains(problem, "Last-Event-ID", "at most 128 characters");
        assertNoSubscriberLeft();
    }

    @Test
    void lastEventIdQueryParameterTooLongIsRefused() {
        Response response = target("events").queryParam("lastEventId", "i".repeat(200))
                .request(MediaType.SERVER_SENT_EVENTS_TYPE).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "lastEventId");
        assertDetailContains(problem, "at most 128 characters");
        assertNoSubscriberLeft();
    }

    @Test
    void lastEventIdQueryParameterTooLongIsRefusedEvenWithAnEmptyHeader() {
        Response response = target("events").queryParam("lastEventId", "i".repeat(129))
                .request(MediaType.SERVER_SENT_EVENTS_TYPE).header(HttpHeaders.LAST_EVENT_ID_HEADER, "").get();
        assertProblem(response, 400, "invalid-field", "lastEventId");
    }

    @ParameterizedTest(name = "lastEventId query parameter with {0} is refused")
    @ValueSource(strings = {"a line feed", "a carriage return", "a NUL"})
    void lastEventIdQueryParameterWithALineBreakIsRefused(String what) {
        String id = switch (what) {
            case "a line feed" -> "abc\nid: forged";
            case "a carriage return" -> "abc\rid: forged";
            default -> "abc\u0000";
        };
        Response response = target("events").queryParam("lastEventId", id)
                .request(MediaType.SERVER_SENT_EVENTS_TYPE).get();
        JsonNode problem = assertProblem(response, 400, "invalid-field", "lastEventId");
        assertDetailContains(problem, "must not contain CR, LF or NUL");
        assertNoSubscriberLeft();
    }

    // ---------------------------------------------------------------- HEAD: headers, never a stream

    /** Threat: HEAD requests, which cannot carry a body, each leaving a subscriber behind that no write can reach. */
    @Test
    void headOnTheStreamAnswersItsHeadersAndRegistersNoSubscriber() {
        Response response = target("events").request(MediaType.SERVER_SENT_EVENTS_TYPE).head();

        assertEquals(200, response.getStatus());
        assertEquals(MediaType.SERVER_SENT_EVENTS_TYPE, response.getMediaType());
        assertEquals("no-cache", response.getHeaderString(HttpHeaders.CACHE_CONTROL));
        assertNoSubscriberLeft();
    }

    // ---------------------------------------------------------------- the one valid stream: its headers

    @Test
    void validSubscriptionAnswersAnEventStreamThatStartsWithTheRetryHint() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(getBaseUri() + "events?topic=news"))
                .header("Accept", MediaType.SERVER_SENT_EVENTS)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode());
                String contentType = response.headers().firstValue("Content-Type").orElse("");
                assertTrue(MediaType.valueOf(contentType).isCompatible(MediaType.SERVER_SENT_EVENTS_TYPE),
                        () -> "Content-Type: " + contentType);
                assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(null));
                assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(null));
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String first = lines.readLine();
                assertNotNull(first, "the stream ended before its first line");
                assertTrue(first.startsWith("retry:"), () -> "first line: " + first);
            }
        });
    }

    // ---------------------------------------------------------------- valid publishes, before and after refusals

    @Test
    void validPublishAnswers201WithIdTopicAndType() throws Exception {
        Response response = publish("{\"topic\":\"orders/eu\",\"type\":\"order.created\",\"data\":{\"n\":1},\"retry\":500}");
        assertEquals(201, response.getStatus());
        assertTrue(MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType()),
                () -> "Content-Type: " + response.getMediaType());
        JsonNode published = MAPPER.readTree(response.readEntity(String.class));
        assertAll(
                () -> assertTrue(published.hasNonNull("id") && !published.get("id").asText().isEmpty(),
                        () -> "no id in " + published),
                () -> assertEquals("orders/eu", published.path("topic").asText()),
                () -> assertEquals("order.created", published.path("type").asText()));
        assertEquals(published.get("id").asText(), lastEventIdInHealth());
    }

    @Test
    void refusedPublishesLeaveNoTraceAndTheNextValidOneStillWorks() throws Exception {
        assertNothingPublished();

        assertProblem(publish("{\"topic\":"), 400, "malformed-request");
        assertProblem(publish(withField("topic", "bad topic")), 400, "invalid-field", "topic");
        assertProblem(publish(withField("type", "1bad")), 400, "invalid-field", "type");
        assertProblem(publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"retry\":-5}"), 400, "invalid-field",
                "retry");
        assertProblem(publish("{\"topic\":\"a\",\"type\":\"t\",\"data\":1,\"topic\":\"b\"}"), 400, "malformed-request");
        assertProblem(target("events").request()
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.CHUNKED)
                .post(Entity.entity(new ByteArrayInputStream(paddedBody(MAX_BYTES + 100).getBytes(StandardCharsets.UTF_8)),
                        MediaType.APPLICATION_JSON_TYPE)), 413, "payload-too-large");
        assertNothingPublished();

        JsonNode first = publishValid("a", "t");
        assertEquals(first.get("id").asText(), lastEventIdInHealth());

        assertProblem(publish(withField("topic", "x\ny")), 400, "invalid-field", "topic");
        assertProblem(publish(paddedBody(MAX_BYTES * 2)), 413, "payload-too-large");
        assertEquals(first.get("id").asText(), lastEventIdInHealth(), "a refusal moved the log");

        JsonNode second = publishValid("b", "u");
        String firstId = first.get("id").asText();
        String secondId = second.get("id").asText();
        assertNotEquals(firstId, secondId);
        assertEquals(secondId, lastEventIdInHealth());
        // Ids read <run>-<sequence>: the second valid event directly follows the first, nothing in between.
        String run = firstId.substring(0, firstId.lastIndexOf('-'));
        assertEquals(run + "-1", firstId);
        assertEquals(run + "-2", secondId);
    }

    // ---------------------------------------------------------------- helpers

    private Response publish(String json) {
        return publish(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private Response publish(Entity<?> entity) {
        return target("events").request(MediaType.APPLICATION_JSON_TYPE).post(entity);
    }

    private JsonNode publishValid(String topic, String type) throws Exception {
        Response response = publish("{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"data\":{\"ok\":true}}");
        String body = response.readEntity(String.class);
        assertEquals(201, response.getStatus(), () -> "body: " + body);
        JsonNode published = MAPPER.readTree(body);
        assertEquals(topic, published.path("topic").asText());
        assertEquals(type, published.path("type").asText());
        return published;
    }

    private static ObjectNode validBody() {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("topic", "news");
        body.put("type", "story");
        body.putObject("data").put("title", "hello");
        return body;
    }

    /** A valid body with one string field replaced, serialised by Jackson (so CR, LF and NUL are escaped JSON). */
    private static String withField(String field, String value) {
        ObjectNode body = validBody();
        body.put(field, value);
        return body.toString();
    }

    /** A valid publish body of exactly {@code bytes} UTF-8 bytes. */
    private static String paddedBody(int bytes) {
        String prefix = "{\"topic\":\"big\",\"type\":\"blob\",\"data\":\"";
        String suffix = "\"}";
        int padding = bytes - prefix.length() - suffix.length();
        assertTrue(padding >= 0);
        return prefix + "x".repeat(padding) + suffix;
    }

    private String lastEventIdInHealth() throws Exception {
        Response response = target("health").request(MediaType.APPLICATION_JSON_TYPE).get();
        String body = response.readEntity(String.class);
        assertEquals(200, response.getStatus(), () -> "health: " + body);
        JsonNode health = MAPPER.readTree(body);
        JsonNode last = health.get("lastEventId");
        return last == null || last.isNull() ? null : last.asText();
    }

    private void assertNothingPublished() {
        try {
            assertEquals(null, lastEventIdInHealth(), "a refused publish reached the event log");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertNoSubscriberLeft() {
        try {
            Response response = target("health").request(MediaType.APPLICATION_JSON_TYPE).get();
            JsonNode health = MAPPER.readTree(response.readEntity(String.class));
            assertEquals(0, health.path("subscribers").asInt(-1), () -> "a refused subscription stayed registered: "
                    + health);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> allowed(Response response) {
        String allow = response.getHeaderString(HttpHeaders.ALLOW);
        assertNotNull(allow, "no Allow header");
        return Arrays.stream(allow.split(","))
                .map(String::trim)
                .map(String::toUpperCase)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertAllowHeaderListsGetAndPost(Response response) {
        Set<String> allowed = allowed(response);
        assertTrue(allowed.containsAll(Set.of("GET", "POST")), () -> "Allow: " + allowed);
        assertFalse(allowed.contains("DELETE") || allowed.contains("PUT"), () -> "Allow: " + allowed);
    }

    /**
     * Reads a refusal: the status, {@code application/problem+json}, a body with the problem members, and
     * nothing internal (no exception or class name, no stack trace).
     */
    private static JsonNode problemOf(Response response, int status) {
        String body = response.readEntity(String.class);
        assertEquals(status, response.getStatus(), () -> "body: " + body);
        MediaType type = response.getMediaType();
        assertNotNull(type, () -> "no Content-Type; body: " + body);
        assertEquals(PROBLEM_JSON, type.getType() + "/" + type.getSubtype(), () -> "body: " + body);
        assertFalse(body.contains("Exception"), () -> "an exception name leaked: " + body);
        assertFalse(body.contains("io.ssehub"), () -> "a class name leaked: " + body);
        assertFalse(body.contains("\tat "), () -> "a stack trace leaked: " + body);
        JsonNode problem;
        try {
            problem = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("the problem body is not JSON: " + body, e);
        }
        assertTrue(problem.isObject(), () -> "the problem body is not an object: " + body);
        assertTrue(problem.path("type").asText().startsWith(PROBLEM_TYPE_PREFIX), () -> "type: " + problem);
        assertEquals(status, problem.path("status").asInt(-1), () -> "status member: " + problem);
        assertFalse(problem.path("title").asText().isEmpty(), () -> "no title: " + problem);
        assertFalse(problem.path("detail").asText().isEmpty(), () -> "no detail: " + problem);
        return problem;
    }

    private static JsonNode assertProblem(Response response, int status, String slug) {
        JsonNode problem = problemOf(response, status);
        assertEquals(PROBLEM_TYPE_PREFIX + slug, problem.path("type").asText(), () -> "problem: " + problem);
        return problem;
    }

    private static JsonNode assertProblem(Response response, int status, String slug, String field) {
        JsonNode problem = assertProblem(response, status, slug);
        assertEquals(field, problem.path("field").asText(null), () -> "field member: " + problem);
        return problem;
    }

    private static void assertDetailContains(JsonNode problem, String... parts) {
        String detail = problem.path("detail").asText();
        for (String part : parts) {
            assertTrue(detail.contains(part), () -> "detail '" + detail + "' does not mention '" + part + "'");
        }
    }
}
