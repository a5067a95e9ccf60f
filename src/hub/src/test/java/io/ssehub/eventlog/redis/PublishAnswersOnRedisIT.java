package io.ssehub.eventlog.redis;

import static io.ssehub.eventlog.redis.RedisNodes.WAIT;
import static io.ssehub.eventlog.redis.RedisNodes.node;
import static io.ssehub.eventlog.redis.RedisNodes.sequence;
import static io.ssehub.eventlog.redis.RedisNodes.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishes on Redis are answered once Redis confirms them, on the thread that learns it: a publisher that
 * never reads its answers must not hold that thread, and so every other publisher's answer.
 */
@Timeout(120)
class PublishAnswersOnRedisIT {

    private static final Pattern LAST_ID = Pattern.compile("\"lastEventId\":\"([^\"]+)\"");
    private static final int PIPELINED = 250;

    @Test
    void aPublisherThatNeverReadsItsAnswersHoldsUpNoOtherPublisher() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestHub node = node(redis, "unread", Map.of("publish.rate", "100000", "publish.burst", "100000",
                     // Small buffers on both sides: the unread answers fill them within a hundred or so, well
                     // before the server's 256 requests per connection would close it.
                     "socket.send.buffer.bytes", "4096", "write.buffer.bytes", "1024", "redis.command.timeout", "2s"));
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(node.uri().getHost(), node.uri().getPort()));
            Thread writer = new Thread(() -> pipeline(stalled, node.uri().getHost()), "test-unread-publisher");
            writer.setDaemon(true);
            writer.start();

            // Stalled: the hub has stopped taking this client's publishes, its answers unread.
            AtomicLong previous = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = lastSequence(node);
                return now > 0 && now == previous.getAndSet(now);
            });
            long stalledAt = lastSequence(node);
            assertTrue(stalledAt < 200, "the unread publisher stalled, after " + stalledAt + " publishes");

            try (SseStream stream = subscribe(node, "?topic=others")) {
                for (int i = 0; i < 20; i++) {
                    long sent = System.nanoTime();
                    String id = node.publish("others", "m", Integer.toString(i));
                    long tookMillis = (System.nanoTime() - sent) / 1_000_000;
                    assertTrue(tookMillis < 1_000, "another publisher waited " + tookMillis + " ms");
                    assertEquals(id, stream.nextEvent(WAIT).id());
                }
            }
        }
    }

    /** Writes every publish at once and reads nothing; ends when the hub closes the connection. */
    private static void pipeline(Socket socket, String host) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < PIPELINED; i++) {
                String body = "{\"topic\":\"unread\",\"type\":\"m\",\"data\":" + i + "}";
                out.write(("POST /events HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException closed) {
            // the test is over, or the hub cut the connection
        }
    }

    private static long lastSequence(TestHub node) {
        String health = node.send(HttpRequest.newBuilder(node.uri("health")).build()).body();
        Matcher id = LAST_ID.matcher(health);
        return id.find() ? sequence(id.group(1)) : 0;
    }
}
