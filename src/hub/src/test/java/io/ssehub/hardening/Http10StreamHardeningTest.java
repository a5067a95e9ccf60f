package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An HTTP/1.0 client cannot undo chunked framing: its stream must come without it. */
class Http10StreamHardeningTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    // Threat: an HTTP/1.0 client gets Transfer-Encoding: chunked and reads chunk-size lines as event data.
    @Test
    void anHttp10StreamIsCloseDelimitedAndCarriesEventsWithoutChunkLines() throws Exception {
        try (TestHub hub = TestHub.start(); RawClient exchange = RawClient.connect(hub.uri())) {
            exchange.send("GET /events?topic=t HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
            String head = exchange.readUntil("ssehub stream open\n\n", WAIT);
            hub.publish("t", "x", "{\"n\":1}");
            String stream = head + exchange.readUntil("data: {\"n\":1}\n\n", WAIT);
            assertTrue(head.startsWith("HTTP/1.1 200") || head.startsWith("HTTP/1.0 200"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("transfer-encoding"), head);
            String body = stream.substring(stream.indexOf("\r\n\r\n") + 4);
            assertTrue(body.startsWith("retry: 3000\n\n: ssehub stream open\n\n"), () -> "body: " + body);
            assertTrue(body.endsWith("\n\nid: " + lastId(body) + "\nevent: x\ndata: {\"n\":1}\n\n"), () -> "body: " + body);
        }
    }

    private static String lastId(String body) {
        int at = body.lastIndexOf("id: ") + 4;
        return body.substring(at, body.indexOf('\n', at));
    }
}
