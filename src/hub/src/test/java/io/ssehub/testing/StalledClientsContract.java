package io.ssehub.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop reading cost the hub no thread: more of them than any pool of blocking writers would
 * have threads (raw sockets with a tiny receive buffer that never read) while healthy streams on the same
 * topic keep receiving every event within a bound, and the stalled ones are cut off as slow consumers.
 * Each runtime runs it on its own server.
 */
public abstract class StalledClientsContract extends ServerContract {

    /** Settings by name, without a prefix: stalled streams are cut within a second or two of filling up. */
    protected static final Map<String, String> SETTINGS = Map.of(
            "heartbeat.interval", "200ms",
            "tick.interval", "0",
            "write.timeout", "2s",
            "subscriber.queue.bytes", "262144",
            "streams.max.per.address", "1000",
            "publish.rate", "100000",
            "publish.burst", "100000");

    /** More than the 16 blocking writers a servlet container's streams once had. */
    private static final int STALLED = 24;
    private static final int HEALTHY = 6;
    /** Enough, at this size, to fill every stalled client's socket buffers and then its queue many times over. */
    private static final int MAX_EVENTS = 1_000;
    private static final int PAD_BYTES = 32 * 1024;
    /** The longest a healthy stream may wait for an event; a stalled write held up for a write timeout shows. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @Override
    Map<String, String> settings() {
        return SETTINGS;
    }

    @Test
    void clientsThatStopReadingAreCutWhileHealthyStreamsReceiveEveryEventInTime() throws Exception {
        List<RawClient> stalled = new ArrayList<>();
        List<SseStream> healthy = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(RawClient.get(base(), base().getPath() + "events?topic=load"));
            }
            for (int i = 0; i < HEALTHY; i++) {
                healthy.add(SseStream.open(base().resolve("events?topic=load")));
            }
            await().atMost(WAIT).until(() -> meter("ssehub_subscribers") == STALLED + HEALTHY);
            double cutBefore = slowConsumerCuts();

            String pad = "x".repeat(PAD_BYTES);
            int published = 0;
            long worstNanos = 0;
            while (published < MAX_EVENTS && slowConsumerCuts() - cutBefore < STALLED) {
                long sent = System.nanoTime();
                String id = publish("{\"n\":" + published + ",\"pad\":\"" + pad + "\"}");
                published++;
                for (SseStream stream : healthy) {
                    assertEquals(id, stream.nextEvent(BOUND).id(),
                            "every healthy stream receives event " + published + " within " + BOUND);
                }
                worstNanos = Math.max(worstNanos, System.nanoTime() - sent);
            }
            assertEquals(STALLED, slowConsumerCuts() - cutBefore,
                    "every stalled client is cut as a slow consumer (after " + published + " events)");
            assertTrue(Duration.ofNanos(worstNanos).compareTo(BOUND) < 0, "worst delivery " + worstNanos + " ns");
            await().atMost(WAIT).until(() -> meter("ssehub_subscribers") == HEALTHY);

            // The healthy streams stay live after the cuts.
            String after = publish("{\"n\":\"after the cuts\"}");
            for (SseStream stream : healthy) {
                assertEquals(after, stream.nextEvent(BOUND).id());
            }
        } finally {
            healthy.forEach(SseStream::close);
            for (RawClient client : stalled) {
                client.close();
            }
        }
    }

    private String publish(String data) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"topic\":\"load\",\"type\":\"notification\",\"data\":" + data + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        Matcher id = ID.matcher(response.body());
        assertTrue(id.find(), response.body());
        return id.group(1);
    }

    private double slowConsumerCuts() throws IOException, InterruptedException {
        return meter("ssehub_streams_cut_total{reason=\"slow-consumer\"}");
    }

    /** One value from the hub's metrics (Prometheus text), 0 when it is not there yet. */
    private double meter(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.value(response.body(), name);
    }
}
