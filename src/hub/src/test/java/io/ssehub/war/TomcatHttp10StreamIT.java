package io.ssehub.war;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WAR on Tomcat serves an HTTP/1.0 client a stream it can read: close-delimited, not chunked. */
class TomcatHttp10StreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = EmbeddedTomcat.start(Map.of("ssehub.tick.interval", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
    }

    // Threat: an HTTP/1.0 client is sent chunked framing it cannot undo, or no stream at all.
    @Test
    void anHttp10StreamIsNotChunked() throws Exception {
        URI base = tomcat.base();
        try (RawClient exchange = RawClient.connect(base)) {
            String head = exchange.send("GET " + base.getRawPath() + "events HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .readUntil("ssehub stream open\n\n", WAIT);
            assertTrue(head.startsWith("HTTP/1.1 200") || head.startsWith("HTTP/1.0 200"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("transfer-encoding"), head);
            String body = head.substring(head.indexOf("\r\n\r\n") + 4);
            // In a servlet container the stream opens with one blank line (Jersey writes the head with it),
            // which every SSE parser skips.
            assertTrue(body.startsWith("\nretry: "), () -> "body: " + body);
        }
    }
}
