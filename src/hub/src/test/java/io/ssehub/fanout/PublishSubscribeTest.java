package io.ssehub.fanout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.JerseySubscriber;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jersey's SseEventSource against the real hub on embedded Grizzly. */
class PublishSubscribeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void ticksArriveAsTypedEventsWithIdsAndRetryHints() throws Exception {
        TestHub hub = keep(TestHub.start(Map.of("tick.interval", "100ms", "retry", "1500ms")));
        JerseySubscriber subscriber = keep(new JerseySubscriber(hub.uri("events"), "time"));

        List<JerseySubscriber.Received> ticks = subscriber.next(3, WAIT);

        long lastPosition = 0;
        for (JerseySubscriber.Received tick : ticks) {
            assertEquals("time", tick.name());
            assertEquals(1500, tick.reconnectDelay(), "each tick carries the retry hint");
            assertNotNull(tick.id());
            long position = Long.parseLong(tick.id().substring(tick.id().lastIndexOf('-') + 1));
            assertTrue(position > lastPosition, "ids increase: " + ticks);
            lastPosition = position;
            JsonNode data = JSON.readTree(tick.data());
            long now = Instant.now().getEpochSecond();
            assertTrue(Math.abs(now - data.get("time").asLong()) <= 5, "the tick is unix seconds: " + tick.data());
        }
    }

    @Test
    void aPublishedEventReachesEverySubscriberOfItsTopicAndNoOther() {
        TestHub hub = keep(TestHub.start());
        List<JerseySubscriber> news = List.of(
                keep(new JerseySubscriber(hub.uri("events"), "news")),
                keep(new JerseySubscriber(hub.uri("events"), "news", "sport")),
                keep(new JerseySubscriber(hub.uri("events"))));
        JerseySubscriber sport = keep(new JerseySubscriber(hub.uri("events"), "sport"));
        await().atMost(WAIT).until(() -> hub.subscribers() == 4);

        String newsId = hub.publish("news", "notification", "{\"message\":\"hello\"}");
        String sportId = hub.publish("sport", "notification", "{\"message\":\"goal\"}");

        for (JerseySubscriber subscriber : news) {
            JerseySubscriber.Received received = subscriber.next(WAIT);
            assertEquals(newsId, received.id());
            assertEquals("notification", received.name());
            assertEquals("{\"message\":\"hello\"}", received.data());
        }
        // The sport-only subscriber's first event is the sport one: the news event never reached it.
        assertEquals(sportId, sport.next(WAIT).id());
    }

    @Test
    void withPublishersRacingEverySubscriberSeesTheSameStrictlyIncreasingLogOrder() throws Exception {
        TestHub hub = keep(TestHub.start());
        int subscribers = 5;
        int publishers = 4;
        int eventsEach = 150;
        List<JerseySubscriber> all = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            all.add(keep(new JerseySubscriber(hub.uri("events"), "race")));
        }
        await().atMost(WAIT).until(() -> hub.subscribers() == subscribers);

        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            running.add(pool.submit(() -> {
                for (int n = 0; n < eventsEach; n++) {
                    hub.publish("race", "user", "{\"publisher\":" + publisher + ",\"n\":" + n + "}");
                }
            }));
        }
        for (Future<?> publishing : running) {
            publishing.get();
        }
        pool.shutdown();

        List<String> firstOrder = null;
        for (JerseySubscriber subscriber : all) {
            List<JerseySubscriber.Received> received = subscriber.next(publishers * eventsEach, WAIT);
            List<String> ids = received.stream().map(JerseySubscriber.Received::id).toList();
            long last = 0;
            for (String id : ids) {
                long position = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
                assertTrue(position > last, "ids strictly increase, got " + position + " after " + last);
                last = position;
            }
            if (firstOrder == null) {
                firstOrder = ids;
            } else {
                assertEquals(firstOrder, ids, "every subscriber sees the same order");
            }
            // each publisher's own events keep the order it published them in
            int[] expected = new int[publishers];
            for (JerseySubscriber.Received event : received) {
                JsonNode data = JSON.readTree(event.data());
                int publisher = data.get("publisher").asInt();
                assertEquals(expected[publisher]++, data.get("n").asInt());
            }
        }
    }
}
