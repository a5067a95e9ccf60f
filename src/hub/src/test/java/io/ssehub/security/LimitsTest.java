package io.ssehub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.LiveThreads;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each limit answers with the right status and a Retry-After, and gives back exactly what it took. */
class LimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(TestHub hub, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.uri(path)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long retryAfter(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
    }

    /** Threat: one client opening streams until the hub has no room for anyone else. */
    @Test
    void streamsOverTheLimitAreRefusedWithAJitteredRetryAfterAndPlacesComeBackWhenStreamsClose() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("streams.max", "2", "retry", "2s", "heartbeat.interval", "100ms"))) {
            SseStream first = SseStream.open(hub.uri("events"));
            first.next(WAIT);
            try (SseStream second = SseStream.open(hub.uri("events"))) {
                second.next(WAIT);

                HttpResponse<String> refused = get(hub, "events");
                assertEquals(503, refused.statusCode());
                assertTrue(refused.body().contains("too-many-streams"), refused.body());
                long wait = retryAfter(refused);
                assertTrue(wait >= 2 && wait <= 4, "between one and two retry hints: " + wait);

                first.close();
                await().atMost(WAIT).until(() -> hub.embedded().hub().admittedStreams() == 1);
                try (SseStream third = SseStream.open(hub.uri("events"))) {
                    assertEquals(200, third.response().statusCode(), "the closed stream's place is free again");
                    third.next(WAIT);
                }
            }
            await().atMost(WAIT).until(() -> hub.embedded().hub().admittedStreams() == 0);
        }
    }

    /** Threat: one address taking every place. */
    @Test
    void oneAddressMayNotHoldMoreThanItsShare() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("streams.max.per.address", "1"));
             SseStream only = SseStream.open(hub.uri("events"))) {
            only.next(WAIT);
            HttpResponse<String> refused = get(hub, "events");
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("this address"), refused.body());
        }
    }

    /** Threat: a publisher flooding every subscriber. */
    @Test
    void publishingFasterThanTheRateIsRefusedWith429AndRetryAfter() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("publish.rate", "1", "publish.burst", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(201, hub.post("{\"topic\":\"news\",\"type\":\"t\",\"data\":1}").statusCode(), "the burst");
            }
            HttpResponse<String> refused = hub.post("{\"topic\":\"news\",\"type\":\"t\",\"data\":1}");
            assertEquals(429, refused.statusCode());
            assertTrue(refused.body().contains("rate-limited"), refused.body());
            assertTrue(retryAfter(refused) >= 1);
        }
    }

    /** Threat: a client that stops reading and holds its stream's memory and place forever. */
    @Test
    void aClientThatStopsTakingWritesIsClosedAfterTheWriteTimeoutAndItsPlaceFreed() throws Exception {
        // A queue too large to overflow first: only the write timeout can end this stream.
        try (TestHub hub = TestHub.start(Map.of("write.timeout", "1s", "write.buffer.bytes", "16384",
                "subscriber.queue.events", "1000000", "subscriber.queue.bytes", "1000000000"));
             RawClient stalled = RawClient.get(hub.uri(), "/events")) {
            stalled.readUntil("retry: ", WAIT);
            String big = "\"" + "z".repeat(60_000) + "\"";
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                hub.publish("bulk", "user", big);
                return hub.subscribers() == 0;
            });
            await().atMost(WAIT).until(() -> hub.embedded().hub().admittedStreams() == 0);
        }
    }

    /** Threat: request headers large enough to exhaust the server's memory. */
    @Test
    void anOversizedHeaderIsRefusedAndTheHubKeepsServing() throws Exception {
        try (TestHub hub = TestHub.start()) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(hub.uri("health"))
                    .header("X-Padding", "p".repeat(64 * 1024)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, "status " + refused.statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(hub.uri("health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /** Threat: a flood of connects and disconnects leaking subscribers, places, threads or file descriptors. */
    @Test
    void aFloodOfConnectsAndDisconnectsLeavesNothingBehind() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("heartbeat.interval", "50ms"))) {
            long descriptorsBefore = openDescriptors();
            for (int i = 0; i < 300; i++) {
                RawClient client = RawClient.get(hub.uri(), "/events");
                client.readUntil("retry: ", WAIT);
                if (i % 2 == 0) {
                    client.vanish();
                } else {
                    client.close();
                }
            }
            await().atMost(WAIT).until(() -> hub.subscribers() == 0);
            await().atMost(WAIT).until(() -> hub.embedded().hub().admittedStreams() == 0);
            // The hub's threads are a fixed set: dispatcher, scheduler, deadline timer and at most 16 writers.
            List<String> threads = LiveThreads.ofHubs();
            assertTrue(threads.size() <= 3 + 16, "no thread beyond the fixed pools: " + threads);
            await().atMost(WAIT).untilAsserted(() -> assertTrue(openDescriptors() <= descriptorsBefore + 10,
                    "file descriptors back near " + descriptorsBefore + ": " + openDescriptors()));
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }
}
