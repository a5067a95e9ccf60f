package io.ssehub.jaxrs;

import io.ssehub.wire.SseFrame;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the clients of idle streams that have left ({@link SinkOutput}s, and any runtime's own outputs
 * that write a servlet container's response). A servlet container tells nobody when
 * the client of an idle async response closes its connection (neither Tomcat 10.1 nor Jetty 12 reports
 * it to an {@code AsyncListener}; servlet spec issue 44), and a write to a connection its peer closed
 * succeeds once (the peer answers with a reset) and fails the next time. So every stream with nothing
 * written for {@link #INTERVAL} gets an empty comment, which every SSE parser ignores: a departed
 * client's stream fails within about two intervals instead of at the next keep-alive.
 */
public final class DepartureProbe {

    /** Two intervals, the time to see a departure, stay under a second; a busy stream is never probed. */
    public static final Duration INTERVAL = Duration.ofMillis(400);
    /** The cheapest frame a parser ignores: ":" and a blank line. */
    public static final SseFrame PROBE = SseFrame.comment("");

    /** A stream that can be probed. */
    public interface Probed {
        /** Writes {@link #PROBE} unless something is under way or was written since {@code idleSince} (nanoTime). */
        void probeIfIdleSince(long idleSince);
    }

    /** The streams to probe; each leaves when it is gone or closed. */
    private final Set<Probed> watched = ConcurrentHashMap.newKeySet();

    public void watch(Probed output) {
        watched.add(output);
    }

    public void forget(Probed output) {
        watched.remove(output);
    }

    /** Runs every {@link #INTERVAL} on the fan-out's timer. */
    public void probeIdleStreams() {
        long idleSince = System.nanoTime() - INTERVAL.toNanos();
        for (Probed output : watched) {
            output.probeIfIdleSince(idleSince);
        }
    }
}
