package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which output the embedded runtime gives a stream rests on one assumption (see {@link ServedResponse}):
 * Jersey runs the resource method, and so the sink's registration, on the thread that called its
 * {@code service}. Were that to change, HTTP/1.1 streams would silently go through the blocking sink output,
 * correct but several times dearer; this test would fail instead. The blocking output is told apart by its
 * writer threads, which its pool starts at a stream's first frame.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamOutputChoiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BLOCKING_WRITER = "ssehub-sink-writer";

    @Test
    void anHttp11StreamIsWrittenStraightToItsConnection() throws Exception {
        try (TestHub hub = TestHub.start(); RawClient stream = RawClient.connect(hub.uri())) {
            stream.send("GET /events?topic=t HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
            stream.readUntil(": ssehub stream open", WAIT);

            assertEquals(0, blockingWriters(), "no blocking writer was needed");
        }
    }

    @Test
    void anHttp10StreamGoesThroughTheSinkWhichTheBlockingWritersServe() throws Exception {
        try (TestHub hub = TestHub.start(); RawClient stream = RawClient.connect(hub.uri())) {
            stream.send("GET /events?topic=t HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
            stream.readUntil(": ssehub stream open", WAIT);

            assertTrue(blockingWriters() > 0, "the HTTP/1.0 stream's greeting was written by a blocking writer");
        }
    }

    private static long blockingWriters() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(BLOCKING_WRITER)).count();
    }
}
