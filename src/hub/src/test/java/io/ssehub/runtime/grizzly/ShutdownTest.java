package io.ssehub.runtime.grizzly;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.core.Hub;
import io.ssehub.event.EventDraft;
import io.ssehub.event.payload.Notification;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import io.ssehub.testing.LiveThreads;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shutdown tells every stream when to come back, closes it, and leaves no thread or connection behind. */
class ShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shutdownSendsEveryStreamARetryHintClosesItAndLeavesNoHubThread() throws Exception {
        TestHub hub = TestHub.start(Map.of("tick.interval", "50ms", "retry", "2500ms"));
        List<SseStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SseStream stream = SseStream.open(hub.uri("events"));
            stream.nextEvent(WAIT);
            streams.add(stream);
        }
        int port = hub.uri().getPort();

        hub.close();

        for (SseStream stream : streams) {
            List<SseStream.Block> rest = stream.untilEnd(WAIT);
            assertEquals("2500", rest.get(rest.size() - 1).field("retry"),
                    "the last thing a stream gets is the retry hint: " + rest);
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "nothing listens any more");
    }

    @Test
    void shutdownDoesNotWaitForAClientThatStoppedReading() throws IOException {
        TestHub hub = TestHub.start(Map.of("write.buffer.bytes", "16384", "write.timeout", "60s"));
        try (RawClient stalled = RawClient.get(hub.uri(), "/events")) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            String big = "\"" + "y".repeat(60_000) + "\"";
            for (int i = 0; i < 200 && hub.subscribers() == 1; i++) {
                hub.publish("bulk", "user", big);
            }

            long started = System.nanoTime();
            hub.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "shutdown took " + took);
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));
        }
    }

    @Test
    void aStoppedHubAnswersRetryAfterInWholeSecondsRoundedUp() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("retry", "1500ms"))) {
            hub.embedded().hub().stop();

            HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(hub.uri("events")).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"urn:ssehub:problem:unavailable\""), answer.body());
            assertEquals("2", answer.headers().firstValue("Retry-After").orElse("none"),
                    "1500 ms is 2 whole seconds (RFC 9110, section 10.2.3), never truncated to 1");
        }
    }

    @Test
    void aStoppedHubRefusesToPublish() {
        TestHub hub = TestHub.start();
        Hub core = hub.embedded().hub();
        hub.close();

        Refusal refusal = assertThrows(Refusal.class,
                () -> core.publish(EventDraft.of("news", new Notification("late", "info"))));
        assertEquals(ProblemKind.UNAVAILABLE, refusal.kind());
    }
}
