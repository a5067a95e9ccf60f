package io.ssehub.fanout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.testing.JerseySubscriber;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A client that stops reading costs the others nothing, and is cut off resumably; a vanished one is forgotten. */
class SlowSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PADDING = "x".repeat(1000);
    private static final int HEALTHY = 50;
    private static final int BURST = 16;

    @Test
    void aSubscriberThatStopsReadingIsCutOffWithARetryHintWhileFiftyOthersKeepTheirPace() throws Exception {
        List<JerseySubscriber> healthy = new ArrayList<>();
        try (TestHub hub = TestHub.start(Map.of(
                "subscriber.queue.events", "64",
                "subscriber.queue.bytes", "262144",
                "write.buffer.bytes", "16384",
                // Far longer than the test: if a healthy subscriber waited on the stalled write, it would show.
                "write.timeout", "60s"))) {
            for (int i = 0; i < HEALTHY; i++) {
                healthy.add(new JerseySubscriber(hub.uri("events"), "load"));
            }
            try (RawClient reader = RawClient.get(hub.uri(), "/events?topic=load")) {
                await().atMost(WAIT).until(() -> hub.subscribers() == HEALTHY + 1);

                // Publish at the pace the healthy subscribers read (bursts they take whole, so their own
                // queues never fill) until the stalled one is cut: the registry forgets it at once.
                List<Event> published = new ArrayList<>();
                while (hub.subscribers() > HEALTHY) {
                    assertTrue(published.size() < 100_000, "the stalled subscriber was never cut off");
                    for (int burst = 0; burst < BURST; burst++) {
                        published.add(hub.embedded().hub().publish(new EventDraft("load", "user",
                                "{\"n\":" + published.size() + ",\"at\":" + System.nanoTime() + ",\"pad\":\"" + PADDING + "\"}",
                                Optional.empty())));
                    }
                    int sent = published.size();
                    await().atMost(WAIT).until(() -> healthy.stream().allMatch(s -> s.receivedCount() >= sent));
                }
                published.add(hub.embedded().hub().publish(new EventDraft("load", "user",
                        "{\"n\":" + published.size() + ",\"at\":" + System.nanoTime() + "}", Optional.empty())));

                // Every healthy subscriber gets everything, in order, while the stalled one still reads nothing.
                long worstLatencyNanos = 0;
                for (JerseySubscriber subscriber : healthy) {
                    List<JerseySubscriber.Received> received = subscriber.next(published.size(), WAIT);
                    for (int n = 0; n < published.size(); n++) {
                        JerseySubscriber.Received event = received.get(n);
                        assertEquals(published.get(n).id().text(), event.id());
                        JsonNode data = JSON.readTree(event.data());
                        worstLatencyNanos = Math.max(worstLatencyNanos, event.receivedAtNanos() - data.get("at").asLong());
                    }
                }
                assertTrue(worstLatencyNanos < Duration.ofSeconds(10).toNanos(),
                        "healthy subscribers never waited for the stalled write (worst latency "
                                + Duration.ofNanos(worstLatencyNanos) + ")");

                // Now the stalled client reads: a prefix of the log, then the error notice with a retry hint, then the end.
                String wire = reader.readBodyToEnd(WAIT);
                List<String> ids = new ArrayList<>();
                Matcher id = Pattern.compile("(?m)^id: (.+)$").matcher(wire);
                while (id.find()) {
                    ids.add(id.group(1));
                }
                for (int n = 0; n < ids.size(); n++) {
                    assertEquals(published.get(n).id().text(), ids.get(n), "what it got is a gapless prefix");
                }
                assertTrue(ids.size() < published.size(), "it did not get everything");
                int notice = wire.lastIndexOf("event: error\n");
                assertTrue(notice > wire.lastIndexOf("id: "), "the error notice comes last:\n" + tail(wire));
                String rest = wire.substring(notice);
                assertTrue(rest.contains("retry: "), "with a retry hint: " + rest);
                assertTrue(rest.contains("\"reason\":\"slow-consumer\""), rest);

                // And it resumes from its last id to exactly what it missed.
                String lastId = ids.get(ids.size() - 1);
                try (SseStream resumed = SseStream.open(hub.uri("events?topic=load"), Map.of("Last-Event-ID", lastId))) {
                    for (int n = ids.size(); n < published.size(); n++) {
                        assertEquals(published.get(n).id().text(), resumed.nextEvent(WAIT).id());
                    }
                }
            }
        } finally {
            healthy.forEach(JerseySubscriber::close);
        }
    }

    @Test
    void aVanishedClientIsFoundByTheKeepAliveAndRemoved() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("heartbeat.interval", "100ms"))) {
            RawClient client = RawClient.get(hub.uri(), "/events");
            client.readUntil("retry: ", WAIT);
            assertEquals(1, hub.subscribers());

            client.vanish();

            await().atMost(WAIT).until(() -> hub.subscribers() == 0);
        }
    }

    @Test
    void aVanishedClientIsFoundByTheNextEventWritesAndRemoved() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("heartbeat.interval", "1h"))) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient client = RawClient.get(hub.uri(), "/events?topic=news");
                client.readUntil("retry: ", WAIT);
                clients.add(client);
            }
            assertEquals(3, hub.subscribers());
            for (RawClient client : clients) {
                client.vanish();
            }

            await().atMost(WAIT).until(() -> {
                hub.publish("news", "notification", "{}");
                return hub.subscribers() == 0;
            });
        }
    }

    private static String tail(String wire) {
        return wire.substring(Math.max(0, wire.length() - 600));
    }
}
