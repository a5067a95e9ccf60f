package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.TestHub;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JDK HttpClient's defaults offer an h2c upgrade on every plain-HTTP request; Grizzly alone would
 * then never read the request body. The hub declines the offer and serves HTTP/1.1.
 */
class UpgradeOfferTest {

    /** Default version is HTTP/2: over plain HTTP the client sends "Upgrade: h2c" with the request. */
    private final HttpClient defaultClient = HttpClient.newHttpClient();

    @Test
    void aPublishThatOffersAnH2cUpgradeIsServedAsHttp11() throws Exception {
        try (TestHub hub = TestHub.start()) {
            HttpRequest publish = HttpRequest.newBuilder(hub.uri("events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"news\",\"type\":\"notification\",\"data\":1}"))
                    .build();

            HttpResponse<String> response = defaultClient.send(publish, HttpResponse.BodyHandlers.ofString());

            assertEquals(201, response.statusCode(), response.body());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertTrue(response.body().contains("\"topic\":\"news\""), response.body());
        }
    }

    @Test
    void aStreamThatOffersAnH2cUpgradeIsServedAsHttp11() throws Exception {
        try (TestHub hub = TestHub.start()) {
            HttpRequest subscribe = HttpRequest.newBuilder(hub.uri("events")).timeout(Duration.ofSeconds(10)).build();

            HttpResponse<InputStream> response = defaultClient.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());

            try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertEquals(200, response.statusCode());
                assertTrue(body.readLine().startsWith("retry: "));
            }
        }
    }
}
