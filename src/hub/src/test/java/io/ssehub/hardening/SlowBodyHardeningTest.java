package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clients that send their request body slowly, or never finish it, hold no thread the hub needs. */
class SlowBodyHardeningTest {

    /** Far more than the embedded server's worker threads. */
    private static final int SLOW_CLIENTS = 500;
    /** Long enough that every check below runs while every slow body is still pending. */
    private static final String BODY_TIMEOUT = "20s";
    /** How long a normal request may take while they wait: a bound for a hang, not a latency target. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN).build();

    // Threat: 500 sockets that send a publish's headers and part of its body freeze health, publishing and subscribing.
    @Test
    void halfSentBodiesLeaveHealthPublishingAndSubscribingAnswering() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("request.body.timeout", BODY_TIMEOUT))) {
            List<RawClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    String framing = i % 2 == 0 ? "Content-Length: 1000\r\n\r\n{\"topic\":"
                            : "Transfer-Encoding: chunked\r\n\r\n3e8\r\n{\"topic\":";
                    slow.add(RawClient.connect(hub.uri()).send(
                            "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing));
                }
                assertEquals(200, send(HttpRequest.newBuilder(hub.uri("health")).GET()).statusCode());
                HttpResponse<String> published = send(HttpRequest.newBuilder(hub.uri("events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\",\"type\":\"x\",\"data\":1}")));
                assertEquals(201, published.statusCode(), published.body());
                try (SseStream stream = SseStream.open(hub.uri("events?topic=t"))) {
                    assertEquals("3000", stream.next(ANSWER_WITHIN).field("retry"), "the stream opened");
                }
            } finally {
                for (RawClient exchange : slow) {
                    exchange.close();
                }
            }
        }
    }

    // Threat: a body that never completes is answered 500 with a stack trace, or never; it must be 408 and closed.
    @Test
    void aBodyThatNeverCompletesIsAnswered408AndItsConnectionClosed() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("request.body.timeout", "300ms"));
             RawClient exchange = RawClient.connect(hub.uri())) {
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"topic\":").readUntilClosed(Duration.ofSeconds(10));
            assertTrue(transcript.startsWith("HTTP/1.1 408"), transcript);
            assertTrue(transcript.contains("urn:ssehub:problem:request-timeout"), transcript);
            assertTrue(transcript.contains("request.body.timeout"), transcript);
        }
    }

    // Threat: a chunked body with no declared length grows without bound while it is collected.
    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsItCrossesIt() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("publish.max.bytes", "1024"));
             RawClient exchange = RawClient.connect(hub.uri())) {
            String chunk = "x".repeat(2000);
            String transcript = exchange.send("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .readUntilClosed(Duration.ofSeconds(10));
            assertTrue(transcript.startsWith("HTTP/1.1 413"), transcript);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
