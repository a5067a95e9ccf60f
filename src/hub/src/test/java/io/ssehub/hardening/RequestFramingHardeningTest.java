package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A request must say in exactly one way where its body ends, and an unwanted body is never invited. */
class RequestFramingHardeningTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUBLISH = "{\"topic\":\"t\",\"type\":\"x\",\"data\":1}";
    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    private static String smuggledPublish() {
        return "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + PUBLISH.length() + "\r\n\r\n" + PUBLISH;
    }

    // Threat: Content-Length with Transfer-Encoding (in any spelling) lets a second request ride behind the first (RFC 9112, 6.1).
    @ParameterizedTest
    @ValueSource(strings = {
            "Transfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked, identity\r\n",
            "Transfer-Encoding:\tchunked\r\n",
            "Transfer-Encoding: CHUNKED\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n"})
    void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed(String transferEncoding) throws Exception {
        String body = chunked(PUBLISH) + smuggledPublish();
        String length = "Content-Length: " + body.length() + "\r\n";
        assertRefusedWithNothingPublished(transferEncoding + length, body);
    }

    // Threat: the same with Content-Length first, which the server's parser drops once chunked follows it.
    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\n", "Transfer-Encoding: CHUNKED\r\n", "Transfer-Encoding:\tchunked\r\n"})
    void contentLengthBeforeTransferEncodingIsRefusedAndTheConnectionClosed(String transferEncoding) throws Exception {
        String body = chunked(PUBLISH) + smuggledPublish();
        String length = "Content-Length: " + body.length() + "\r\n";
        assertRefusedWithNothingPublished(length + transferEncoding, body);
    }

    private static void assertRefusedWithNothingPublished(String framing, String body) throws Exception {
        String lastBefore = lastEventId();
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + framing + "\r\n" + body).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 400"), transcript);
            assertTrue(transcript.contains("urn:ssehub:problem:malformed-request"), transcript);
            assertEquals(1, RawClient.responses(transcript), () -> "a second request ran: " + transcript);
        }
        assertEquals(lastBefore, lastEventId(), "nothing may have been published");
    }

    // Threat: a transfer coding other than a lone final "chunked" leaves the body's end to guesswork.
    @ParameterizedTest
    @ValueSource(strings = {"chunked, identity", "identity", "gzip, chunked", "chunked, chunked"})
    void aTransferCodingOtherThanALoneChunkedIsRefused(String coding) throws Exception {
        String transcript = chunkedPublishWith("Transfer-Encoding: " + coding);
        assertTrue(transcript.startsWith("HTTP/1.1 400"), transcript);
        assertEquals(1, RawClient.responses(transcript), transcript);
    }

    /** A chunked publish with the given Transfer-Encoding header line, and what came back until the close. */
    private static String chunkedPublishWith(String transferEncoding) throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            return exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + transferEncoding + "\r\nConnection: close\r\n\r\n" + chunked(PUBLISH)).readUntilClosed(WAIT);
        }
    }

    // Threat: two different Content-Length values: which one ends the body?
    @Test
    void disagreeingContentLengthsAreRefused() throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + PUBLISH.length() + "\r\nContent-Length: 5\r\n\r\n" + PUBLISH).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 400"), transcript);
        }
    }

    // Threat: the same inside one header's comma-separated list, or a length that is not one decimal number.
    @ParameterizedTest
    @ValueSource(strings = {"LENGTH, 5", "5,LENGTH", "LENGTH,", "+LENGTH", "0xLENGTH", "LENGTH.0", "1234567890123456789"})
    void aContentLengthThatIsNotOneDecimalNumberIsRefused(String lengths) throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + lengths.replace("LENGTH", Integer.toString(PUBLISH.length())) + "\r\n\r\n"
                    + PUBLISH).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 400"), transcript);
            assertTrue(transcript.contains("urn:ssehub:problem:malformed-request"), transcript);
        }
    }

    // Threat: a request the server's HTTP parser cannot read at all is refused with the hub's problem body too.
    @ParameterizedTest
    @ValueSource(strings = {"GET /events HTTP/1.1\r\nHo st: x\r\n\r\n", "GET /events HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /events HTTP/1.1\r\nHost: x\r\nBroken line\r\n\r\n", "GET /events HTTP/1.1\r\nHost: x\r\nX(y): z\r\n\r\n"})
    void anUnparseableRequestIsRefusedWithAProblemBody(String request) throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send(request).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 4") || transcript.startsWith("HTTP/1.1 5"), transcript);
            assertTrue(transcript.contains("Content-Type: application/problem+json"), transcript);
            assertTrue(transcript.contains("\"type\":\"urn:ssehub:problem:malformed-request\""), transcript);
        }
    }

    // Threat: a line without a colon must not swallow the next header: here the Content-Length that ends the body.
    @Test
    void aHeaderLineWithoutAColonIsRefusedAndHidesNoHeader() throws Exception {
        String body = PUBLISH + smuggledPublish();
        assertRefusedWithNothingPublished("X y\r\nContent-Length: " + body.length() + "\r\n", body);
    }

    // Control: optional whitespace around a coding, spaces or tabs, is no reason to refuse (RFC 9110, 5.6.3).
    @ParameterizedTest
    @ValueSource(strings = {"chunked", " chunked ", "\tchunked\t", " \t chunked"})
    void aLoneChunkedCodingWithOptionalWhitespaceIsAccepted(String coding) throws Exception {
        String transcript = chunkedPublishWith("Transfer-Encoding:" + coding);
        assertTrue(transcript.startsWith("HTTP/1.1 201"), transcript);
    }

    // Control: a plain chunked publish still works.
    @Test
    void aChunkedPublishIsAccepted() throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked(PUBLISH)).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 201"), transcript);
        }
    }

    // Threat: "Expect: 100-continue" with a 10 MB body is invited to upload what will be refused anyway.
    @Test
    void anOversizedBodyIsRefusedBeforeItIsInvited() throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 10000000\r\n\r\n").readUntilClosed(WAIT);
            assertFalse(transcript.contains("100 Continue"), transcript);
            assertTrue(transcript.startsWith("HTTP/1.1 413"), transcript);
            assertTrue(transcript.contains("urn:ssehub:problem:payload-too-large"), transcript);
        }
    }

    // Control: a body within the limit is invited with 100 Continue and published.
    @Test
    void aBodyWithinTheLimitIsInvitedAndPublished() throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + PUBLISH.length() + "\r\n\r\n");
            exchange.readUntil("100 Continue\r\n\r\n", WAIT);
            String transcript = exchange.send(PUBLISH).readUntilClosed(WAIT);
            assertTrue(transcript.startsWith("HTTP/1.1 201"), transcript);
        }
    }

    private static String lastEventId() throws Exception {
        try (RawClient exchange = RawClient.connect(hub.uri())) {
            String health = exchange.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readUntilClosed(WAIT);
            return health.substring(health.indexOf("\r\n\r\n") + 4);
        }
    }
}
