package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.event.EventDraft;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Last-Event-ID: exactly what was missed, then live; or a reset event that says why not. */
class ResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void resumingWhileAPublisherRunsFlatOutLosesNothingAndRepeatsNothing() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("log.capacity", "100000"))) {
            AtomicBoolean publishing = new AtomicBoolean(true);
            AtomicInteger published = new AtomicInteger();
            List<Integer> seen = new ArrayList<>();
            String lastId = null;
            CompletableFuture<Void> publisher = null;
            // Five times: read a while, drop the connection, come back with the last id seen.
            for (int reconnect = 0; reconnect < 5; reconnect++) {
                Map<String, String> headers = lastId == null ? Map.of() : Map.of("Last-Event-ID", lastId);
                try (SseStream stream = SseStream.open(hub.uri("events?topic=flow"), headers)) {
                    if (publisher == null) {
                        // A first subscription is live from the moment it is registered: publish from then on.
                        stream.next(WAIT);
                        publisher = CompletableFuture.runAsync(() -> {
                            while (publishing.get()) {
                                hub.publish("flow", "user", "{\"n\":" + published.getAndIncrement() + "}");
                            }
                        });
                    }
                    for (int i = 0; i < 200; i++) {
                        SseStream.Block event = stream.nextEvent(WAIT);
                        assertEquals("user", event.type(), "a seamless resume has no reset event");
                        seen.add(JSON.readTree(event.data()).get("n").asInt());
                        lastId = event.id();
                    }
                }
            }
            publishing.set(false);
            publisher.get();
            // Once more, to collect everything up to the end.
            int total = published.get();
            try (SseStream stream = SseStream.open(hub.uri("events?topic=flow"), Map.of("Last-Event-ID", lastId))) {
                while (seen.size() < total) {
                    seen.add(JSON.readTree(stream.nextEvent(WAIT).data()).get("n").asInt());
                }
            }

            for (int n = 0; n < total; n++) {
                assertEquals(n, seen.get(n), "event " + n + " arrives once, in order");
            }
            assertEquals(total, seen.size());
        }
    }

    @Test
    void anEvictedIdGetsAResetEventThenEverythingStillRetained() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("log.capacity", "5"))) {
            String first = hub.publish("news", "notification", "{\"n\":0}");
            for (int n = 1; n <= 10; n++) {
                hub.publish("news", "notification", "{\"n\":" + n + "}");
            }
            try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Last-Event-ID", first))) {
                assertReset(stream.nextEvent(WAIT), "evicted", first);
                for (int n = 6; n <= 10; n++) {
                    assertEquals(n, JSON.readTree(stream.nextEvent(WAIT).data()).get("n").asInt());
                }
            }
        }
    }

    /**
     * The log is bounded by bytes as well as by count: with room for ten thousand events but only a few
     * kilobytes, ten events of about a kilobyte each push the first ones out, and a client resuming from
     * the first learns so before it gets the newest ones, in order, with no hole among them.
     */
    @Test
    void anIdEvictedByTheByteBoundGetsAResetEventThenTheNewestEventsInOrder() throws Exception {
        String pad = "x".repeat(900);
        try (TestHub hub = TestHub.start(Map.of("log.capacity", "10000",
                "publish.max.bytes", "1024", "log.max.bytes", "4096"))) {
            String first = hub.publish("news", "notification", "{\"n\":0,\"pad\":\"" + pad + "\"}");
            for (int n = 1; n <= 10; n++) {
                hub.publish("news", "notification", "{\"n\":" + n + ",\"pad\":\"" + pad + "\"}");
            }
            try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Last-Event-ID", first))) {
                assertReset(stream.nextEvent(WAIT), "evicted", first);
                int oldestRetained = JSON.readTree(stream.nextEvent(WAIT).data()).get("n").asInt();
                assertTrue(oldestRetained > 1, "the byte bound evicted events; the oldest retained is " + oldestRetained);
                // 4096 bytes hold at most four of these events, whatever their overhead.
                assertTrue(oldestRetained >= 7, "no more than 4096 bytes are held; the oldest retained is " + oldestRetained);
                for (int n = oldestRetained + 1; n <= 10; n++) {
                    assertEquals(n, JSON.readTree(stream.nextEvent(WAIT).data()).get("n").asInt());
                }
            }
        }
    }

    @Test
    void anUnknownIdGetsAResetEvent() throws Exception {
        try (TestHub hub = TestHub.start()) {
            try (SseStream stream = SseStream.open(hub.uri("events?lastEventId=not-an-id-of-ours"))) {
                assertReset(stream.nextEvent(WAIT), "unknown", "not-an-id-of-ours");
                String live = hub.publish("news", "notification", "{}");
                assertEquals(live, stream.nextEvent(WAIT).id(), "live events follow the reset");
            }
        }
    }

    @Test
    void anIdFromAnEarlierRunGetsAResetEventNeverAnotherEventsReplay() throws Exception {
        String oldId;
        try (TestHub before = TestHub.start()) {
            before.publish("news", "notification", "{\"run\":1}");
            oldId = before.publish("news", "notification", "{\"run\":1}");
        }
        try (TestHub after = TestHub.start()) {
            String current = after.publish("news", "notification", "{\"run\":2}");
            after.publish("news", "notification", "{\"run\":2}");
            after.publish("news", "notification", "{\"run\":2}");
            try (SseStream stream = SseStream.open(after.uri("events?topic=news"), Map.of("Last-Event-ID", oldId))) {
                assertReset(stream.nextEvent(WAIT), "earlier-run", oldId);
                // The same sequence number in the new run is not mistaken for the old one: all of run 2 follows.
                assertEquals(current, stream.nextEvent(WAIT).id());
            }
        }
    }

    @Test
    void resumeReplaysOnlyTheSubscribersTopics() throws Exception {
        try (TestHub hub = TestHub.start()) {
            String seen = hub.publish("news", "notification", "{}");
            hub.publish("sport", "notification", "{}");
            String missed = hub.publish("news", "notification", "{}");
            try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Last-Event-ID", seen))) {
                SseStream.Block first = stream.nextEvent(WAIT);
                assertEquals(missed, first.id());
                assertEquals("notification", first.type());
            }
        }
    }

    /**
     * Invariant 2 from the other side: when the dispatcher itself falls behind a tiny log, events go by
     * unread; every stream is told (and cut, to resume and learn what it missed), never left with a hole.
     */
    @Test
    void whenTheHubFallsBehindItsOwnLogEveryStreamIsToldInsteadOfSilentlySkipping() throws Exception {
        // A queue far larger than the flood, so the only way this stream can end is the overrun notice.
        try (TestHub hub = TestHub.start(Map.of("log.capacity", "1",
                "subscriber.queue.events", "10000000", "subscriber.queue.bytes", "1000000000"))) {
            try (SseStream stream = SseStream.open(hub.uri("events?topic=flood"))) {
                stream.next(WAIT);
                AtomicBoolean flooding = new AtomicBoolean(true);
                List<CompletableFuture<Void>> publishers = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    publishers.add(CompletableFuture.runAsync(() -> {
                        long deadline = System.nanoTime() + WAIT.toNanos();
                        while (flooding.get() && System.nanoTime() < deadline) {
                            hub.embedded().hub().publish(new EventDraft("flood", "user", "{}", Optional.empty()));
                        }
                    }));
                }
                try {
                    List<SseStream.Block> rest = stream.untilEnd(WAIT);
                    SseStream.Block last = rest.get(rest.size() - 1);
                    assertEquals("error", last.type(), "the stream ends with a notice: " + last);
                    assertEquals("log-overrun", JSON.readTree(last.data()).get("reason").asText());
                    assertTrue(last.field("retry") != null, "with a retry hint");
                } finally {
                    flooding.set(false);
                    CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get();
                }
            }
        }
    }

    private static void assertReset(SseStream.Block event, String reason, String lastEventId) throws Exception {
        assertEquals("reset", event.type());
        assertNull(event.id(), "a reset is not a log event and carries no id");
        JsonNode data = JSON.readTree(event.data());
        assertEquals(reason, data.get("reason").asText());
        assertEquals(lastEventId, data.get("lastEventId").asText());
        assertTrue(event.field("retry") != null, "a reset carries the retry hint");
    }
}
