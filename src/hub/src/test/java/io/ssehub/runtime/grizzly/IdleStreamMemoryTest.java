package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An idle stream holds its connection and the hub's own state, not its request: once its head and first
 * chunk are out, Jersey's and Grizzly's per-request state (about 25 KB of heap a stream when it was held
 * for the stream's life) is let go. Measured as the live heap after a full collection, in this JVM, with
 * the hub embedded and the streams opened over loopback by raw clients.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleStreamMemoryTest {

    private static final int STREAMS = 400;
    /**
     * Counted here, in one JVM: the server's side of a stream (its own state and its connection's, about
     * 3 to 4 KB) and the raw client's socket; 8.5 to 9 KB in all. The request's state was about 18 KB more
     * (26.5 KB in all).
     */
    private static final long MAX_BYTES_PER_STREAM = 12 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GREETING = ": ssehub stream open";

    @Test
    void anIdleStreamKeepsLittleMoreThanItsConnection() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("streams.max", "10000", "heartbeat.interval", "10m"))) {
            // One stream first, so that what is made once (classes, pools, caches) is not counted per stream.
            try (RawClient first = RawClient.get(hub.uri(), "/events")) {
                first.readUntil(GREETING, WAIT);
            }
            long before = liveHeapBytes();
            List<RawClient> streams = new ArrayList<>();
            try {
                for (int i = 0; i < STREAMS; i++) {
                    RawClient stream = RawClient.get(hub.uri(), "/events");
                    streams.add(stream);
                    stream.readUntil(GREETING, WAIT);
                }
                // Each stream lets its request go a moment after its greeting is out: wait for that, bounded.
                long deadline = System.nanoTime() + WAIT.toNanos();
                long perStream;
                do {
                    perStream = (liveHeapBytes() - before) / STREAMS;
                } while (perStream > MAX_BYTES_PER_STREAM && System.nanoTime() < deadline);
                assertTrue(perStream <= MAX_BYTES_PER_STREAM,
                        "an idle stream holds " + perStream + " bytes of heap, more than " + MAX_BYTES_PER_STREAM);
            } finally {
                for (RawClient stream : streams) {
                    stream.close();
                }
            }
        }
    }

    private static long liveHeapBytes() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
