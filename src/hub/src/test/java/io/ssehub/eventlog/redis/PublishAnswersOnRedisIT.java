package io.ssehub.eventlog.redis;

import static io.ssehub.eventlog.redis.RedisNodes.WAIT;
import static io.ssehub.eventlog.redis.RedisNodes.node;
import static io.ssehub.eventlog.redis.RedisNodes.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import io.ssehub.testing.UnreadPublisher;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishes on Redis are answered once Redis confirms them, on the thread that learns it: a publisher that
 * never reads its answers must not hold that thread, and so every other publisher's answer.
 */
@Timeout(120)
class PublishAnswersOnRedisIT {

    private static final int PIPELINED = 250;

    @Test
    void aPublisherThatNeverReadsItsAnswersHoldsUpNoOtherPublisher() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestHub node = node(redis, "unread", Map.of("publish.rate", "100000", "publish.burst", "100000",
                     // Small buffers on both sides: the unread answers fill them within a hundred or so, well
                     // before the server's 256 requests per connection would close it.
                     "socket.send.buffer.bytes", "4096", "write.buffer.bytes", "1024", "redis.command.timeout", "2s"));
             UnreadPublisher stalled = UnreadPublisher.stalledOn(node, "unread", PIPELINED)) {
            assertTrue(stalled.stalledAfter() < 200, "the unread publisher stalled, after " + stalled.stalledAfter()
                    + " publishes");

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
}
