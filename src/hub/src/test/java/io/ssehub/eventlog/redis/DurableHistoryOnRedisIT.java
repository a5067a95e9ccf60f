package io.ssehub.eventlog.redis;

import static io.ssehub.eventlog.redis.RedisNodes.WAIT;
import static io.ssehub.eventlog.redis.RedisNodes.epoch;
import static io.ssehub.eventlog.redis.RedisNodes.node;
import static io.ssehub.eventlog.redis.RedisNodes.sequence;
import static io.ssehub.eventlog.redis.RedisNodes.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What outlives a process: Redis killed and restarted from its append-only file keeps the epoch, and open
 * streams go on with every acknowledged event once; hub nodes all stopped and started again hand a client
 * exactly what it missed, which the log in memory cannot.
 */
@Timeout(120)
class DurableHistoryOnRedisIT {

    private static final String EVENTS = "?topic=d";

    private static List<String> publish(TestHub node, String type, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(node.publish("d", type, Integer.toString(i)));
        }
        return ids;
    }

    /** Events up to and including {@code last}, checking each is an event of one epoch, in order, once. */
    private static List<String> readThrough(SseStream stream, String last) {
        List<String> ids = new ArrayList<>();
        String id;
        do {
            SseStream.Block event = stream.nextEvent(WAIT);
            assertTrue(List.of("before", "after").contains(event.type()), "events only, no reset: " + event);
            id = event.id();
            if (!ids.isEmpty()) {
                String previous = ids.get(ids.size() - 1);
                assertEquals(epoch(previous), epoch(id), "one epoch: " + previous + " then " + id);
                assertTrue(sequence(id) > sequence(previous), "in order, once: " + previous + " then " + id);
            }
            ids.add(id);
        } while (!id.equals(last));
        return ids;
    }

    @Test
    void redisKilledAndRestartedFromItsAppendOnlyFileKeepsTheEpochAndEveryAcknowledgedEvent() {
        try (RedisProcess aof = RedisProcess.startWithAof();
             TestHub a = node(aof, "aof", Map.of()); TestHub b = node(aof, "aof", Map.of())) {
            SseStream onB = subscribe(b, EVENTS);
            List<String> acknowledged = new ArrayList<>(publish(a, "before", 100));
            String beforeKill = acknowledged.get(acknowledged.size() - 1);

            aof.kill();
            aof.relaunch();
            // Publishes refused while Redis was away may or may not be stored: only acknowledged ones count.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> a.post("{\"topic\":\"d\",\"type\":\"after\",\"data\":0}").statusCode() == 201);
            acknowledged.addAll(publish(a, "after", 100));
            String last = acknowledged.get(acknowledged.size() - 1);

            assertEquals(epoch(beforeKill), epoch(last), "the epoch outlived the kill");
            Set<String> delivered = new HashSet<>(readThrough(onB, last));
            assertTrue(delivered.containsAll(acknowledged), "every acknowledged event reached the open stream");
            try (SseStream resumed = subscribe(a, EVENTS, Map.of("Last-Event-ID", acknowledged.get(0)))) {
                List<String> replayed = readThrough(resumed, last);
                assertTrue(replayed.containsAll(acknowledged.subList(1, acknowledged.size())),
                        "a client resuming from before the kill gets what it missed, no reset");
            }
            onB.close();
        }
    }

    @Test
    void everyNodeStoppedAndStartedAgainGivesAResumingClientExactlyWhatItMissed() {
        try (RedisProcess redis = RedisProcess.start()) {
            List<String> published;
            try (TestHub a = node(redis, "again", Map.of()); TestHub b = node(redis, "again", Map.of())) {
                published = new ArrayList<>(publish(a, "before", 30));
                published.addAll(publish(b, "before", 30));
            }
            String lastSeen = published.get(19);

            try (TestHub c = node(redis, "again", Map.of()); TestHub d = node(redis, "again", Map.of())) {
                for (TestHub node : List.of(c, d)) {
                    try (SseStream resumed = subscribe(node, EVENTS, Map.of("Last-Event-ID", lastSeen))) {
                        assertEquals(published.subList(20, published.size()),
                                readThrough(resumed, published.get(published.size() - 1)), "exactly what it missed");
                        String live = node.publish("d", "after", "1");
                        assertEquals(live, resumed.nextEvent(WAIT).id(), "then live");
                        published.add(live);
                    }
                }
            }
        }
    }
}
