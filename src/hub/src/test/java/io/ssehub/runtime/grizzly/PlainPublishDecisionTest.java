package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whether a request is a plain publish (served without Jersey) is decided once per request and remembered on
 * it: on a kept-alive connection, the next request is decided afresh. A publish from a browser page after a
 * plain one on the same connection still gets the CORS answer Jersey's filters give it.
 */
class PlainPublishDecisionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ORIGIN = "https://app.example.com";
    private static final String BODY = "{\"topic\":\"t\",\"type\":\"x\",\"data\":1}";
    private static final String ANSWER_END = "\"type\":\"x\"}";

    @Test
    void eachRequestOnAKeptAliveConnectionIsDecidedAfresh() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("cors.allowed.origins", ORIGIN));
             RawClient client = RawClient.connect(hub.uri())) {
            for (int round = 1; round <= 3; round++) {
                String plain = client.send(publish("")).readUntil(ANSWER_END, WAIT);
                assertTrue(plain.startsWith("HTTP/1.1 201"), "plain publish, round " + round + ": " + plain);
                assertTrue(!lower(plain).contains("access-control-allow-origin"), "round " + round + ": " + plain);

                String fromPage = client.send(publish("Origin: " + ORIGIN + "\r\n")).readUntil(ANSWER_END, WAIT);
                assertTrue(fromPage.startsWith("HTTP/1.1 201"), "publish from a page, round " + round + ": " + fromPage);
                assertTrue(lower(fromPage).contains("access-control-allow-origin: " + ORIGIN),
                        "a publish with an Origin after a plain one lost its CORS answer, round " + round + ": " + fromPage);
            }
        }
    }

    private static String publish(String extraHeaders) {
        return "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
