package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.JerseySubscriber;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every server running the WAR must do, consumed with Jersey's SseEventSource and raw HTTP. Each
 * server class starts its container once, in {@link #deploy()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeployedWarContract {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    DeployedWar deployment;

    /** Starts the server with the built WAR deployed and {@link DeployedWar#SETTINGS} applied. */
    abstract DeployedWar deploy() throws Exception;

    @BeforeAll
    void start() throws Exception {
        deployment = deploy();
    }

    @AfterAll
    void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    URI uri(String pathAndQuery) {
        return deployment.base().resolve(pathAndQuery);
    }

    @Test
    void ticksArriveWithIdsAndRetryHints() throws Exception {
        try (JerseySubscriber subscriber = new JerseySubscriber(uri("events"), "time")) {
            for (JerseySubscriber.Received tick : subscriber.next(3, WAIT)) {
                assertEquals("time", tick.name());
                assertNotNull(tick.id());
                assertEquals(500, tick.reconnectDelay());
                assertTrue(JSON.readTree(tick.data()).get("time").asLong() > 1_700_000_000L, tick.data());
            }
        }
    }

    @Test
    void aPublishedEventRoundTrips() {
        try (SseStream stream = liveStream("events?topic=news")) {
            String id = publish("news", "{\"message\":\"from the test\"}");
            SseStream.Block received = stream.nextEvent(WAIT);
            assertEquals(id, received.id());
            assertEquals("notification", received.type());
            assertEquals("{\"message\":\"from the test\"}", received.data());
        }
    }

    /**
     * A stream that has shown it is alive: its opening retry hint, then a keep-alive comment (so the hub
     * holds it registered and writable). No retry: a stream that goes silent after its greeting is the
     * defect this contract exists to catch (issue 15 saw it on Tomcat 10.1), and it fails the test.
     */
    SseStream liveStream(String pathAndQuery) {
        SseStream stream = SseStream.open(uri(pathAndQuery));
        assertTrue(stream.next(WAIT).field("retry") != null, "the stream opens with a retry hint");
        // The greeting's comment comes with the opening; a keep-alive is the first frame written after it.
        while (!stream.next(WAIT).lines().contains(": keep-alive")) {
            // the greeting's comment
        }
        return stream;
    }

    @Test
    void lastEventIdResumesWithExactlyTheMissedEvents() {
        String seen = publish("resume", "{\"n\":0}");
        List<String> missed = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            missed.add(publish("resume", "{\"n\":" + n + "}"));
        }
        try (SseStream stream = SseStream.open(uri("events?topic=resume"), Map.of("Last-Event-ID", seen))) {
            assertEquals("text/event-stream", stream.response().headers().firstValue("Content-Type").orElse(""));
            for (String id : missed) {
                assertEquals(id, stream.nextEvent(WAIT).id());
            }
            String live = publish("resume", "{\"n\":4}");
            assertEquals(live, stream.nextEvent(WAIT).id());
        }
    }

    /**
     * jersey#3719: after a client aborts, the container recycles its response object for later requests;
     * a hub that kept writing to it would write into other clients' responses.
     */
    @Test
    void aClientThatAbortsIsRemovedAndNothingLandsInOtherResponses() throws Exception {
        // Earlier tests' closed clients are found by the keep-alive; a Jersey SseEventSource may keep its
        // connection open after close (jersey#4549) and stay. Count from wherever that settles.
        int before = settledSubscribers();
        try (RawClient aborting = RawClient.get(deployment.base(), deployment.base().getPath() + "events?topic=abort")) {
            aborting.readUntil("retry: ", WAIT);
            assertEquals(before + 1, subscribers());
            aborting.vanish();
        }
        // Events and keep-alives go on while other requests reuse the container's request objects.
        for (int i = 0; i < 50; i++) {
            publish("abort", "{\"i\":" + i + "}");
            HttpResponse<String> health = get("health");
            assertEquals(200, health.statusCode());
            JsonNode body = JSON.readTree(health.body());
            assertTrue(body.has("status") && !health.body().contains("event:") && !health.body().contains("data:"),
                    "a clean health response: " + health.body());
        }
        awaitSubscribers(before);
    }

    @Test
    void thePageIsServedAtTheRoot() {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());
        assertEquals(200, get("app.js").statusCode());
        assertEquals(200, get("app.css").statusCode());
    }

    /** The subscriber count once two readings, several keep-alives apart, agree. */
    int settledSubscribers() {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(600)).until(() -> {
            int now = subscribers();
            return now == last.getAndSet(now);
        });
        return last.get();
    }

    void awaitSubscribers(int count) {
        await().atMost(WAIT).until(() -> subscribers() == count);
    }

    int subscribers() throws IOException {
        return JSON.readTree(get("health").body()).get("subscribers").asInt();
    }

    String publish(String topic, String data) {
        HttpRequest request = HttpRequest.newBuilder(uri("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"topic\":\"" + topic + "\",\"type\":\"notification\",\"data\":" + data + "}"))
                .build();
        HttpResponse<String> response = send(request);
        assertEquals(201, response.statusCode(), response.body());
        try {
            return JSON.readTree(response.body()).get("id").asText();
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
