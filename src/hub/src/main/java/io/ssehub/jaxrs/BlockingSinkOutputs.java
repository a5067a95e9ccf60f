package io.ssehub.jaxrs;

import io.ssehub.fanout.HubThreads;
import io.ssehub.fanout.StreamOutput;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Outputs through the standard sink's blocking {@code send}, for any container (a servlet container's,
 * an HTTP/1.0 stream on embedded Grizzly, a plain Jersey application): sends run on a small pool of
 * writers, and idle streams are probed so departed clients are found ({@link DepartureProbe}). Sinks are
 * used only while the container lets the hub use the response ({@link ResponseCustody}).
 */
public final class BlockingSinkOutputs implements SinkOutputs {

    /** Threads for blocking sends; each stalled send holds one until the write timeout cuts its stream. */
    private static final int BLOCKING_WRITERS = 16;
    /** How long stopping waits for sends under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final ExecutorService writers;
    private final ScheduledExecutorService prober;
    private final DepartureProbe departures = new DepartureProbe();

    /** @param onDeath told when a writer or the prober dies of what it did not catch */
    public BlockingSinkOutputs(Thread.UncaughtExceptionHandler onDeath) {
        this.writers = Executors.newFixedThreadPool(BLOCKING_WRITERS, HubThreads.named("ssehub-sink-writer", onDeath));
        this.prober = HubThreads.scheduler("ssehub-departure-probe", onDeath);
        long probe = DepartureProbe.INTERVAL.toMillis();
        prober.scheduleWithFixedDelay(departures::probeIdleStreams, probe, probe, TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamOutput open(SseEventSink sink) {
        return new SinkOutput(sink, writers, departures, ServedRequest.responseCustody());
    }

    @Override
    public void close() {
        HubThreads.stopNow(prober, STOP_GRACE);
        HubThreads.drain(writers, STOP_GRACE);
    }
}
