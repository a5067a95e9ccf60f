package io.ssehub.mercure;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.EventDraft;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Mercure stream is a stream of the hub like a native one: a client that stops reading is cut with a
 * notice and a retry hint and resumes from its last id, and the metrics count it, its deliveries and its
 * cut. (The hub here has no key, so the Mercure endpoint is open, as the native API then is.)
 */
class MercureStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final String PADDING = "x".repeat(1000);

    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private String publish(int n) {
        return hub.embedded().hub().publish(new EventDraft("https://example.com/books/" + n, null,
                "{\"n\":" + n + ",\"pad\":\"" + PADDING + "\"}", Optional.empty(), Optional.empty(), List.of(), false))
                .id().text();
    }

    @Test
    void aMercureSubscriberThatStopsReadingIsCutWithARetryHintAndResumesWithWhatItMissed() throws Exception {
        hub = TestHub.start(Map.of(
                "subscriber.queue.events", "64",
                "subscriber.queue.bytes", "262144",
                "write.buffer.bytes", "16384",
                "write.timeout", "60s",
                // Room for every event the loop below may publish: the resume must not meet an eviction.
                "log.capacity", "20000"));
        List<String> published = new ArrayList<>();
        try (RawClient reader = RawClient.get(hub.uri(), "/.well-known/mercure?topic=" + encode(BOOKS))) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            while (hub.subscribers() > 0) {
                assertTrue(published.size() < 20_000, "the stalled Mercure subscriber was never cut off");
                published.add(publish(published.size()));
                if (published.size() % 50 == 0) {
                    // Publishing outruns the writer on a busy machine: let it catch up, so the cut comes when
                    // the client's buffers are full, not thousands of events later.
                    await().atMost(WAIT).until(() -> hub.embedded().hub().laneBacklog() == 0);
                }
            }
            published.add(publish(published.size()));

            String wire = reader.readBodyToEnd(WAIT);
            List<String> ids = new ArrayList<>();
            Matcher id = Pattern.compile("(?m)^id: (.+)$").matcher(wire);
            while (id.find()) {
                ids.add(id.group(1));
            }
            assertEquals(published.subList(0, ids.size()), ids, "what it got is a gapless prefix");
            assertTrue(ids.size() < published.size(), "it did not get everything");
            String rest = wire.substring(wire.lastIndexOf("event: error\n"));
            assertTrue(rest.contains("retry: "), "the notice comes with a retry hint: " + rest);
            assertTrue(rest.contains("\"reason\":\"slow-consumer\""), rest);

            // Cut before its first event was written (the lane may queue past the bound first on a busy machine),
            // it asks for everything the fresh hub holds, which is everything published since it subscribed.
            String lastId = ids.isEmpty() ? "earliest" : ids.get(ids.size() - 1);
            try (SseStream resumed = SseStream.open(hub.uri(".well-known/mercure?topic=" + encode(BOOKS)),
                    Map.of("Last-Event-ID", lastId))) {
                assertEquals(lastId, resumed.response().headers().firstValue("Last-Event-ID").orElse(null));
                for (int n = ids.size(); n < published.size(); n++) {
                    assertEquals(published.get(n), resumed.nextEvent(WAIT).id());
                }
            }
        }
        assertEquals(1, value(scrape(), "ssehub_streams_cut_total{reason=\"slow-consumer\"}").orElseThrow());
    }

    @Test
    void aMercureStreamIsCountedUnderItsSelectorsAndItsDeliveriesAreCounted() {
        hub = TestHub.start(Map.of("heartbeat.interval", "100ms"));
        String series = "ssehub_streams_open{topic=\"" + BOOKS + "\"}";
        SseStream stream = SseStream.open(hub.uri(".well-known/mercure?topic=" + encode(BOOKS)), Map.of());
        await().atMost(WAIT).until(() -> value(scrape(), series).orElse(0) == 1);
        assertEquals(1, value(scrape(), "ssehub_subscribers").orElseThrow());

        String id = publish(1);
        assertEquals(id, stream.nextEvent(WAIT).id());
        await().atMost(WAIT).until(() -> value(scrape(), "ssehub_deliveries_total").orElse(0) == 1);

        stream.close();
        await().atMost(WAIT).until(() -> value(scrape(), series).orElse(-1) == 0);
        assertEquals(0, value(scrape(), "ssehub_streams_open{topic=\"*\"}").orElse(0),
                "a Mercure stream is not counted as one that asked for every topic");
    }

    private String scrape() {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(hub.uri("metrics")).build());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The value of the sample line {@code series value}, if the scrape has one. */
    private static OptionalDouble value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
            }
        }
        return OptionalDouble.empty();
    }
}
