package io.ssehub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node of a hub on Redis killed with SIGKILL under load ({@code ssehub serve} in its own process): its
 * clients resume on another node with no gap and no duplicate, the other node's delivery goes on, and Redis
 * holds nothing that needs cleaning up.
 */
@Timeout(120)
class NodeKilledOnRedisIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    private static void assertConsecutive(long after, List<SseStream.Block> events) {
        long expected = after + 1;
        for (SseStream.Block event : events) {
            assertEquals("tick", event.type(), "no reset, only the events: " + event);
            assertEquals(expected++, sequence(event.id()), "no gap, no duplicate");
        }
    }

    private static SseStream subscribe(URI events, Map<String, String> headers) {
        SseStream stream = SseStream.open(events, headers);
        assertEquals(200, stream.response().statusCode());
        assertNotNull(stream.next(WAIT).field("retry"), "the greeting");
        return stream;
    }

    @Test
    void theClientsOfAKilledNodeResumeOnAnotherWithNoGapAndNoDuplicate() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             CliProcess killed = CliProcess.startFromClassPath(Map.of("SSEHUB_EVENTLOG", "redis",
                     "SSEHUB_REDIS_URI", redis.uri(), "SSEHUB_REDIS_KEY_PREFIX", "kill", "SSEHUB_HOST", "127.0.0.1",
                     "SSEHUB_PORT", "0", "SSEHUB_TICK_INTERVAL", "0"), "serve");
             TestHub survivor = TestHub.start(Map.of("eventlog", "redis", "redis.uri", redis.uri(),
                     "redis.key.prefix", "kill"))) {
            String line = killed.awaitLine(text -> text.startsWith("ssehub is listening on "));
            URI killedNode = URI.create(line.substring("ssehub is listening on ".length()).split(" ")[0]);
            SseStream onKilled = subscribe(killedNode.resolve("events?topic=k"), Map.of());
            SseStream onSurvivor = subscribe(survivor.uri("events?topic=k"), Map.of());
            AtomicBoolean publishing = new AtomicBoolean(true);
            ExecutorService publisher = Executors.newSingleThreadExecutor();
            Future<Integer> published = publisher.submit(() -> {
                int count = 0;
                while (publishing.get()) {
                    survivor.publish("k", "tick", Integer.toString(count++));
                }
                return count;
            });

            List<SseStream.Block> beforeKill = onKilled.nextEvents(100, WAIT);
            killed.close();
            onKilled.untilEnd(WAIT);
            String lastSeen = beforeKill.get(beforeKill.size() - 1).id();
            List<SseStream.Block> resumed;
            try (SseStream onOther = subscribe(survivor.uri("events?topic=k"), Map.of("Last-Event-ID", lastSeen))) {
                resumed = onOther.nextEvents(300, WAIT);
            }
            List<SseStream.Block> throughout = onSurvivor.nextEvents(400, WAIT);
            publishing.set(false);
            assertTrue(published.get(30, TimeUnit.SECONDS) >= 400);
            publisher.shutdown();

            assertConsecutive(sequence(beforeKill.get(0).id()) - 1, beforeKill);
            assertConsecutive(sequence(lastSeen), resumed);
            assertConsecutive(sequence(throughout.get(0).id()) - 1, throughout);
            assertEquals(new TreeSet<>(List.of("{kill}:log", "{kill}:meta")), new TreeSet<>(redis.inspect().keys("*")),
                    "nothing per node to clean up");
            onSurvivor.close();
        }
    }
}
