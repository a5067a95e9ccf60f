package io.ssehub.jaxrs;

import io.ssehub.wire.SseFrame;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the clients of {@link SinkOutput} streams that have left. A servlet container tells nobody when
 * the client of an idle async response closes its connection (neither Tomcat 10.1 nor Jetty 12 reports
 * it to an {@code AsyncListener}; servlet spec issue 44), and a write to a connection its peer closed
 * succeeds once (the peer answers with a reset) and fails the next time. So every stream with nothing
 * written for {@link #INTERVAL} gets an empty comment, which every SSE parser ignores: a departed
 * client's stream fails within about two intervals instead of at the next keep-alive.
 */
final class DepartureProbe {

    /** Two intervals, the time to see a departure, stay under a second; a busy stream is never probed. */
    static final Duration INTERVAL = Duration.ofMillis(400);
    /** The cheapest frame a parser ignores: ":" and a blank line. */
    static final SseFrame PROBE = SseFrame.comment("");

    /** The streams to probe; each leaves when it is gone or closed. */
    private final Set<SinkOutput> watched = ConcurrentHashMap.newKeySet();

    void watch(SinkOutput output) {
        watched.add(output);
    }

    void forget(SinkOutput output) {
        watched.remove(output);
    }

    /** Runs every {@link #INTERVAL} on the fan-out's timer. */
    void probeIdleStreams() {
        long idleSince = System.nanoTime() - INTERVAL.toNanos();
        for (SinkOutput output : watched) {
            output.probeIfIdleSince(idleSince);
        }
    }
}
