package io.ssehub.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ssehub.security.TokenVerifier;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on a real hub: Prometheus text that moves with what the hub does. */
class MetricsEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
    void answersPrometheusTextWithTheHubsAndTheJvmsMeters() {
        TestHub hub = keep(TestHub.start());

        HttpResponse<String> response = get(hub, Map.of());

        assertEquals(200, response.statusCode());
        String type = response.headers().firstValue("Content-Type").orElseThrow().replace(" ", "");
        assertTrue(type.startsWith("text/plain;"), type);
        assertTrue(type.contains(";version=0.0.4"), "the version tells Prometheus the format: " + type);
        assertTrue(type.contains(";charset=utf-8"), type);
        String text = response.body();
        assertTrue(text.contains("# TYPE ssehub_events_published_total counter"), text);
        assertTrue(text.contains("# TYPE ssehub_delivery_latency_seconds histogram"), text);
        assertTrue(text.contains("ssehub_delivery_latency_seconds_bucket{le=\"0.001\"}"), "buckets from 1 ms: " + text);
        assertTrue(text.contains("ssehub_delivery_latency_seconds_bucket{le=\"10.0\"}"), "buckets up to 10 s: " + text);
        assertTrue(text.contains("ssehub_streams_cut_total{reason=\"slow-consumer\"}"), text);
        assertTrue(text.contains("ssehub_subscribers "), text);
        assertTrue(text.contains("ssehub_queue_frames "), text);
        assertTrue(text.contains("jvm_memory_used_bytes{"), text);
        assertTrue(text.contains("jvm_threads_live_threads "), text);
        assertTrue(text.contains("process_uptime_seconds "), text);
        assertFalse(text.contains("quantile="), "no client-side percentiles: " + text);
    }

    @Test
    void publishesAreCountedByTopic() {
        TestHub hub = keep(TestHub.start());

        hub.publish("news", "notification", "1");
        hub.publish("news", "notification", "2");
        hub.publish("sport", "score", "3");

        String text = scrape(hub);
        assertEquals(2, value(text, "ssehub_events_published_total{topic=\"news\"}").orElseThrow(), text);
        assertEquals(1, value(text, "ssehub_events_published_total{topic=\"sport\"}").orElseThrow(), text);
    }

    @Test
    void anOpenStreamShowsUnderItsTopicAndLeavesWhenItCloses() {
        // The hub finds a vanished client by writing to it: keep-alives often, so it finds this one soon.
        TestHub hub = keep(TestHub.start(Map.of("heartbeat.interval", "100ms")));
        String news = "ssehub_streams_open{topic=\"news\"}";

        SseStream stream = keep(SseStream.open(hub.uri("events?topic=news")));

        await().atMost(WAIT).until(() -> value(scrape(hub), news).orElse(0) == 1);
        assertEquals(1, value(scrape(hub), "ssehub_subscribers").orElseThrow());

        stream.close();

        await().atMost(WAIT).until(() -> value(scrape(hub), news).orElse(-1) == 0);
    }

    @Test
    void aDeliveredEventIsCountedWithItsLatency() {
        TestHub hub = keep(TestHub.start());
        SseStream stream = keep(SseStream.open(hub.uri("events?topic=news")));
        await().atMost(WAIT).until(() -> hub.subscribers() == 1);

        hub.publish("news", "notification", "1");
        stream.nextEvent(WAIT);

        await().atMost(WAIT).until(() -> value(scrape(hub), "ssehub_deliveries_total").orElse(0) == 1);
        assertEquals(1, value(scrape(hub), "ssehub_delivery_latency_seconds_count").orElseThrow());
        assertEquals(1, value(scrape(hub), "ssehub_delivery_latency_seconds_bucket{le=\"10.0\"}").orElseThrow());
    }

    /** Threat: anyone reads every topic's name and traffic from a hub that requires tokens. */
    @Test
    void whenTokensAreRequiredTheMetricsNeedOne() {
        TestHub hub = keep(TestHub.start(Map.of("auth.hmac.secret", SECRET)));

        HttpResponse<String> response = get(hub, Map.of());

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertFalse(response.body().contains("ssehub_"), response.body());
    }

    /** Threat: a token limited to some topics learns every other topic's name and traffic. */
    @Test
    void aTokenThatMayNotSubscribeToEveryTopicIsRefused() {
        TestHub hub = keep(TestHub.start(Map.of("auth.hmac.secret", SECRET)));

        HttpResponse<String> response = get(hub, Map.of("Authorization", "Bearer " + token(List.of("*"), List.of("news"))));

        assertEquals(403, response.statusCode(), response.body());
        assertFalse(response.body().contains("ssehub_"), response.body());
    }

    @Test
    void aTokenThatMaySubscribeToEveryTopicReadsTheMetrics() {
        TestHub hub = keep(TestHub.start(Map.of("auth.hmac.secret", SECRET)));

        HttpResponse<String> response = get(hub, Map.of("Authorization", "Bearer " + token(List.of(), List.of("*"))));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("ssehub_events_published_total"), response.body());
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

    private String scrape(TestHub hub) {
        HttpResponse<String> response = get(hub, Map.of());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private HttpResponse<String> get(TestHub hub, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("metrics"));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String token(List<String> publish, List<String> subscribe) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("scraper")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim(TokenVerifier.GRANTS_CLAIM, Map.of("publish", publish, "subscribe", subscribe))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
