package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A publisher keeps its connection for as long as it wants it. Grizzly's own default ends a keep-alive
 * connection after 256 requests, so a service publishing a few thousand events a second would reconnect
 * ten times a second, each time a handshake and a fresh connection's state, for nothing the hub needs.
 */
class PublisherConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Past Grizzly's default of 256 requests per connection, with room to spare. */
    private static final int PUBLISHES = 600;
    private static final String BODY = "{\"topic\":\"t\",\"type\":\"x\",\"data\":1}";
    private static final String PUBLISH = "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    /** How every 201 answer to that publish ends. */
    private static final String ANSWER_END = "\"type\":\"x\"}";

    @Test
    void aKeepAlivePublisherIsNeverToldToCloseHoweverManyItsRequests() throws Exception {
        try (TestHub hub = TestHub.start(); RawClient publisher = RawClient.connect(hub.uri())) {
            for (int i = 1; i <= PUBLISHES; i++) {
                String answer = publisher.send(PUBLISH).readUntil(ANSWER_END, WAIT);
                assertTrue(answer.startsWith("HTTP/1.1 201"), "publish " + i + ": " + answer);
                assertFalse(answer.toLowerCase(Locale.ROOT).contains("connection: close"),
                        "publish " + i + " was told the connection closes: " + answer);
            }
        }
    }
}
