package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import io.ssehub.testing.UnreadPublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher that pipelines its publishes and never reads the answers holds at most the thread that waits
 * to write its next answer: every other publisher, on a connection of its own, is answered at once and its
 * events delivered, on the log in memory (the Redis log's case is PublishAnswersOnRedisIT).
 */
@Timeout(120)
class UnreadAnswersIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PIPELINED = 250;
    /** Each on a connection of its own, so that they land on every selector thread, the stalled one's too. */
    private static final int OTHER_PUBLISHERS = 20;

    @Test
    void aPublisherThatNeverReadsItsAnswersHoldsUpNoOtherPublisherOrRequest() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("publish.rate", "100000", "publish.burst", "100000",
                // Small buffers on both sides: the unread answers fill them within a hundred or so, well before
                // the server's 256 requests per connection would close it. A write that waited would wait 30 s.
                "socket.send.buffer.bytes", "4096", "write.buffer.bytes", "1024", "write.timeout", "30s"));
             UnreadPublisher stalled = UnreadPublisher.stalledOn(hub, "unread", PIPELINED)) {
            assertTrue(stalled.stalledAfter() < PIPELINED, "the unread publisher stalled, after "
                    + stalled.stalledAfter() + " publishes");

            try (SseStream stream = SseStream.open(hub.uri("events?topic=others"), Map.of())) {
                assertEquals(200, stream.response().statusCode());
                assertNotNull(stream.next(WAIT).field("retry"), "the greeting");
                for (int i = 0; i < OTHER_PUBLISHERS; i++) {
                    long sent = System.nanoTime();
                    String status = publishOnANewConnection(hub, "{\"topic\":\"others\",\"type\":\"m\",\"data\":" + i + "}");
                    long tookMillis = (System.nanoTime() - sent) / 1_000_000;
                    assertEquals("HTTP/1.1 201 Created", status);
                    assertTrue(tookMillis < 1_000, "another publisher waited " + tookMillis + " ms");
                    assertEquals(Integer.toString(i), stream.nextEvent(WAIT).data());
                }
            }
        }
    }

    /** The status line of the answer to one publish sent on a connection of its own. */
    private static String publishOnANewConnection(TestHub hub, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(new InetSocketAddress(hub.uri().getHost(), hub.uri().getPort()));
            socket.getOutputStream().write(UnreadPublisher.request(hub.uri().getHost(), body, "Connection: close\r\n"));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
