package io.ssehub.runtime.servlet;

import io.ssehub.fanout.HubThreads;
import io.ssehub.fanout.StreamOutput;
import io.ssehub.jaxrs.BlockingSinkOutputs;
import io.ssehub.jaxrs.DepartureProbe;
import io.ssehub.jaxrs.SinkOutputs;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@link ServletOutput}s, non-blocking, for streams whose request passed through
 * {@link ServletClientAddressFilter} (every request of the WAR); any other sink gets the blocking fallback.
 * Idle streams are probed so departed clients are found ({@link DepartureProbe}).
 */
final class ServletOutputs implements SinkOutputs {

    /**
     * Threads that give a stream's first frame (its greeting, a few bytes) to Jersey, which writes the
     * response's head with it in a blocking write; and end streams that never wrote anything.
     */
    private static final int JERSEY_WRITERS = 4;
    /** How long stopping waits for writes under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final SinkOutputs fallback;
    private final ExecutorService jerseyWriters;
    private final ScheduledExecutorService prober;
    private final DepartureProbe departures = new DepartureProbe();

    /** @param onDeath told when a writer or the prober dies of what it did not catch */
    ServletOutputs(Thread.UncaughtExceptionHandler onDeath) {
        this.fallback = new BlockingSinkOutputs(onDeath);
        this.jerseyWriters = Executors.newFixedThreadPool(JERSEY_WRITERS, HubThreads.named("ssehub-servlet-writer", onDeath));
        this.prober = HubThreads.scheduler("ssehub-servlet-probe", onDeath);
        long probe = DepartureProbe.INTERVAL.toMillis();
        prober.scheduleWithFixedDelay(departures::probeIdleStreams, probe, probe, TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamOutput open(SseEventSink sink) {
        return ServletResponseCustody.current()
                .<StreamOutput>map(custody -> new ServletOutput(sink, custody, jerseyWriters, departures))
                .orElseGet(() -> fallback.open(sink));
    }

    @Override
    public void close() {
        HubThreads.stopNow(prober, STOP_GRACE);
        HubThreads.drain(jerseyWriters, STOP_GRACE);
        fallback.close();
    }
}
