package io.ssehub.hardening;

import static io.ssehub.hardening.Problems.assertDetailSays;
import static io.ssehub.hardening.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a publisher sends as {@code data} is what every subscriber's {@code data:} line carries, to the
 * digit; what cannot be carried is refused naming {@code data}, never altered on the way.
 */
class PublishedDataHardeningTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestHub hub;
    private SseStream stream;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    /** A subscriber of topic {@code t}, past its opening block: from here on it receives every publish. */
    @BeforeEach
    void subscribe() {
        stream = SseStream.open(hub.uri("events?topic=t"));
        stream.next(WAIT);
    }

    @AfterEach
    void unsubscribe() {
        stream.close();
    }

    // Threat: numbers beyond a double's range or precision reaching subscribers rounded, reformatted or as the string "Infinity".
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e400", "-1E-400", "12345678901234567890.5", "0.1000000000000000055511151231257827",
            "123456789012345678901234567890", "-9223372036854775809", "1.50", "-0.0", "-0", "6.02214076e+23", "2E5"})
    void everyNumberReachesSubscribersWithTheDigitsItWasSentWith(String number) {
        assertEquals("[" + number + "]", publishAndReceive("[" + number + "]"));
    }

    // Threat: the attack report's numbers, 1e400 and 12345678901234567890.5, arriving as "Infinity" and 1.2345678901234567E19.
    @Test
    void theReportedNumbersArriveAsSent() {
        assertEquals("[1e400,12345678901234567890.5,0.1000000000000000055511151231257827]",
                publishAndReceive("[1e400, 12345678901234567890.5, 0.1000000000000000055511151231257827]"));
    }

    // Threat: data sent across several lines reaching subscribers with raw line breaks, or its numbers changed while compacting it.
    @Test
    void dataSentAcrossLinesArrivesCompactOnOneLineWithItsNumbersUnchanged() {
        String received = publishAndReceive("{\n  \"a\" : [ 1e400 ,\r\n 2.50 ],\t\"b\" : \"x\\ny\"\n}");

        assertEquals("{\"a\":[1e400,2.50],\"b\":\"x\\ny\"}", received);
    }

    // Threat: a surrogate pair (an emoji) refused or mangled along with lone surrogates.
    @Test
    void aSurrogatePairArrivesAsTheCharacterItEncodes() {
        assertEquals("[\"\uD83D\uDE00\"]", publishAndReceive("[\"\\ud83d\\ude00\"]"));
    }

    // Threat: a lone surrogate, which UTF-8 cannot encode, silently replaced by "?" on every subscriber's stream.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00\"", "[\"a\\ud800b\"]", "\"\\udc00\\ud800\"", "\"\\ud800\\ud800\"",
            "{\"\\ud800\":1}", "{\"k\":{\"\\udfff\":[]}}", "[1e400,12345678901234567890.5,\"\\ud800\"]"})
    void aLoneSurrogateAnywhereInTheDataIsRefusedNamingData(String data) {
        JsonNode problem = assertProblem(hub.post(body(data)), 400, "invalid-field");

        assertEquals("data", problem.path("field").asText(), problem.toString());
        assertDetailSays(problem, "lone surrogate", "cannot be carried");
        assertEquals("\"next\"", publishAndReceive("\"next\""), "the refused data reached no subscriber");
    }

    // Threat: a lone surrogate written straight into the body's bytes (CESU-8 style, ED A0 80), which the JSON reader decodes.
    @Test
    void aLoneSurrogateEncodedInTheBodyBytesIsRefusedNamingData() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"topic\":\"t\",\"type\":\"x\",\"data\":\"".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(hub.uri("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        JsonNode problem = assertProblem(hub.send(request), 400, "invalid-field");
        assertEquals("data", problem.path("field").asText(), problem.toString());
        assertDetailSays(problem, "lone surrogate");
    }

    // Threat: a number longer than the hub reads refused as malformed JSON, without saying data holds it.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alone", "in an array"})
    void aNumberLongerThanTheHubCarriesIsRefusedNamingData(String where) {
        String number = "1" + "0".repeat(1000);
        String data = "alone".equals(where) ? number : "[" + number + "]";

        JsonNode problem = assertProblem(hub.post(body(data)), 400, "invalid-field");
        assertEquals("data", problem.path("field").asText(), problem.toString());
        assertDetailSays(problem, "cannot be carried", "at most 1000 characters");
    }

    // Threat: data nested deeper than the hub reads refused as malformed JSON, without saying data holds it.
    @Test
    void dataNestedDeeperThanTheHubCarriesIsRefusedNamingData() {
        JsonNode problem = assertProblem(hub.post(body("[".repeat(1000) + "]".repeat(1000))), 400, "invalid-field");

        assertEquals("data", problem.path("field").asText(), problem.toString());
        assertDetailSays(problem, "cannot be carried", "1000 levels");
    }

    /** Publishes {@code data} to topic {@code t} and returns the data line the subscriber receives. */
    private String publishAndReceive(String data) {
        HttpResponse<String> response = hub.post(body(data));
        assertEquals(201, response.statusCode(), response.body());
        return stream.nextEvent(WAIT).data();
    }

    private static String body(String data) {
        return "{\"topic\":\"t\",\"type\":\"x\",\"data\":" + data + "}";
    }
}
