package io.ssehub.runtime.grizzly;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code socket.send.buffer.bytes} bounds what the kernel holds for a client that stops reading, so the hub's
 * own bounds (the stream's queue, {@code write.timeout}) cut it after a backlog of about that size plus theirs.
 * Left to the kernel, the loopback send buffer here grows far beyond the whole budget this test publishes, and
 * the client goes uncut.
 */
class SendBufferBoundTest {

    private static final String CUTS = "ssehub_streams_cut_total{reason=\"slow-consumer\"}";
    private static final int EVENT_BYTES = 4 * 1024;
    /** 320 KiB: well above what the bounds below add up to (about 100 KiB), well below what the kernel grows to. */
    private static final int MAX_EVENTS = 80;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aClientThatStopsReadingIsCutOnceTheBoundedSendBufferAndItsQueueAreFull() throws Exception {
        Map<String, String> settings = Map.of(
                "socket.send.buffer.bytes", "8192",
                "write.buffer.bytes", "4096",
                "subscriber.queue.bytes", "65536",
                "write.timeout", "2s",
                "tick.interval", "0",
                "publish.rate", "100000",
                "publish.burst", "100000");
        try (TestHub hub = TestHub.start(settings);
             RawClient stalled = RawClient.get(hub.uri(), hub.uri().getPath() + "events?topic=load")) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            String pad = "\"" + "x".repeat(EVENT_BYTES) + "\"";
            int published = 0;
            while (published < MAX_EVENTS && hub.meter(CUTS) < 1) {
                hub.publish("load", "notification", pad);
                published++;
            }
            // The last publishes may still be on their way to the stream's queue: its cut follows them.
            await().atMost(WAIT).until(() -> hub.meter(CUTS) >= 1 || hub.subscribers() == 0);
            assertEquals(1, hub.meter(CUTS), "the stalled client is cut as a slow consumer after " + published
                    + " events of " + EVENT_BYTES + " bytes");
            assertTrue(published <= MAX_EVENTS);
            await().atMost(WAIT).until(() -> hub.subscribers() == 0);
        }
    }
}
