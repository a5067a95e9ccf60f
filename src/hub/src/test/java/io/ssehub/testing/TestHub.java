package io.ssehub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.config.HubConfig;
import io.ssehub.runtime.grizzly.EmbeddedHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** A real hub on embedded Grizzly, bound to an ephemeral loopback port, with a real HTTP client. */
public final class TestHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedHub hub;
    // HTTP/1.1: the JDK client's default h2c upgrade attempt on a POST is not what publishers send.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestHub(EmbeddedHub hub) {
        this.hub = hub;
    }

    /** Starts a hub with the tick off unless the settings turn it on; any setting may be overridden. */
    public static TestHub start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("host", "127.0.0.1");
        all.put("port", "0");
        all.put("tick.interval", "0");
        // Clients here leave idle keep-alive connections behind; waiting out a long grace only slows tests.
        all.put("shutdown.grace", "100ms");
        // Every test client comes from 127.0.0.1 and some publish flat out: limits are tested on their own.
        all.put("streams.max.per.address", "10000");
        all.put("publish.rate", "1000000");
        all.put("publish.burst", "1000000");
        all.putAll(settings);
        return new TestHub(EmbeddedHub.start(HubConfig.from(all)));
    }

    public static TestHub start() {
        return start(Map.of());
    }

    public EmbeddedHub embedded() {
        return hub;
    }

    public URI uri() {
        return hub.uri();
    }

    public URI uri(String pathAndQuery) {
        return hub.uri().resolve(pathAndQuery);
    }

    public int subscribers() {
        return hub.hub().subscriberCount();
    }

    /** Publishes over HTTP and returns the id the hub assigned. */
    public String publish(String topic, String type, String dataJson) {
        HttpResponse<String> response = post("{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.get("id").asText();
        } catch (IOException e) {
            throw new AssertionError("publish answered unreadable JSON: " + response.body(), e);
        }
    }

    public HttpResponse<String> post(String body) {
        return post(body, Map.of());
    }

    /** POST /events with a JSON body and more headers, such as Authorization. */
    public HttpResponse<String> post(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Sends any request with this hub's client; the answer is read whole, as a string. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One series' value from the hub's {@code /metrics} (Prometheus text), 0 when it is not there yet. */
    public double meter(String series) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("metrics")).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return PrometheusText.value(response.body(), series);
    }

    @Override
    public void close() {
        hub.close();
    }
}
