package io.ssehub.eventlog.redis;

import static io.ssehub.eventlog.redis.RedisNodes.WAIT;
import static io.ssehub.eventlog.redis.RedisNodes.node;
import static io.ssehub.eventlog.redis.RedisNodes.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream opening on a fan-out lane costs that lane no call to Redis: a resume within what the node's tail
 * has read is answered while Redis hangs, and a storm of clients resuming from further back costs one
 * {@code XRANGE} per page of the stream, not one per client.
 */
@Timeout(120)
class ReplayOnRedisIT {

    private static final Pattern XRANGE_CALLS = Pattern.compile("cmdstat_xrange:calls=(\\d+),");

    private static List<String> publish(TestHub node, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(node.publish("r", "m", Integer.toString(i)));
        }
        return ids;
    }

    private static List<String> ids(List<SseStream.Block> events) {
        return events.stream().map(SseStream.Block::id).toList();
    }

    @Test
    void aResumeWithinWhatTheTailReadIsAnsweredWhileRedisHangs() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestHub node = node(redis, "hang", Map.of())) {
            SseStream live = subscribe(node, "?topic=r");
            List<String> published = publish(node, 50);
            assertEquals(published, ids(live.nextEvents(50, WAIT)), "the tail has read them all");

            try (Socket sleeper = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
                OutputStream out = sleeper.getOutputStream();
                out.write("DEBUG SLEEP 3\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long opened = System.nanoTime();
                try (SseStream resumed = subscribe(node, "?topic=r", Map.of("Last-Event-ID", published.get(9)))) {
                    assertEquals(published.subList(10, 50), ids(resumed.nextEvents(40, WAIT)));
                    long took = System.nanoTime() - opened;
                    assertTrue(took < Duration.ofSeconds(2).toNanos(),
                            "answered while Redis sleeps, after " + took / 1_000_000 + " ms");
                }
                assertEquals('+', (char) sleeper.getInputStream().read(), "DEBUG SLEEP ended");
            }
            live.close();
        }
    }

    @Test
    void aStormOfClientsResumingFromBeforeTheNodeStartedCostsOneXrangePerPage() {
        try (RedisProcess redis = RedisProcess.start()) {
            List<String> published;
            try (TestHub earlier = node(redis, "storm", Map.of())) {
                // Four publishers at once: the order of the log is what the streams are checked against.
                published = IntStream.range(0, 4).parallel().mapToObj(publisher -> publish(earlier, 525))
                        .flatMap(List::stream).sorted(Comparator.comparingLong(RedisNodes::sequence)).toList();
            }
            try (TestHub node = node(redis, "storm", Map.of())) {
                redis.inspect().configResetstat();
                String from = published.get(1_899);
                List<SseStream> storm = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    storm.add(subscribe(node, "?topic=r", Map.of("Last-Event-ID", from)));
                }
                for (SseStream stream : storm) {
                    assertEquals(published.subList(1_900, 2_100), ids(stream.nextEvents(200, WAIT)));
                    stream.close();
                }
                Matcher calls = XRANGE_CALLS.matcher(redis.inspect().info("commandstats"));
                assertTrue(calls.find(), "the replays were read from Redis");
                // Sequences 1901-2100 lie on two pages: 1001-2000 and 2001-3000.
                assertTrue(Integer.parseInt(calls.group(1)) <= 2, "XRANGE calls: " + calls.group(1));
            }
        }
    }
}
