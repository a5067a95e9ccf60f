package io.ssehub.runtime.servlet;

import io.ssehub.fanout.HubThreads;
import io.ssehub.fanout.StreamOutput;
import io.ssehub.jaxrs.BlockingSinkOutputs;
import io.ssehub.jaxrs.DepartureProbe;
import io.ssehub.jaxrs.SinkOutputs;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@link ServletOutput}s, non-blocking, for streams whose request passed through
 * {@link ServletClientAddressFilter} (every request of the WAR), each used on the output thread the container
 * wants ({@link NonBlockingOutputSupport}); any other sink gets the blocking fallback. Idle streams are probed
 * so departed clients are found ({@link DepartureProbe}).
 */
final class ServletOutputs implements SinkOutputs {

    /** How long stopping waits for a probe under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final SinkOutputs fallback;
    private final OutputThreads outputThreads;
    private final ScheduledExecutorService prober;
    private final DepartureProbe departures = new DepartureProbe();
    private final SseFrame partingWords;

    /**
     * @param outputThreads where the container's non-blocking output is to be used ({@link NonBlockingOutputSupport})
     * @param onDeath told when the prober (or a fallback writer) dies of what it did not catch
     * @param retry   when a client whose stream the container ends is to come back
     */
    ServletOutputs(OutputThreads outputThreads, Thread.UncaughtExceptionHandler onDeath, Duration retry) {
        this.outputThreads = outputThreads;
        // Not an error, as the hub's own shutdown notice: the client did nothing wrong.
        this.partingWords = SseFrame.join(SseFrame.comment("the server is ending this stream"), SseFrame.retry(retry));
        this.fallback = new BlockingSinkOutputs(onDeath);
        this.prober = HubThreads.scheduler("ssehub-servlet-probe", onDeath);
        long probe = DepartureProbe.INTERVAL.toMillis();
        prober.scheduleWithFixedDelay(departures::probeIdleStreams, probe, probe, TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamOutput open(SseEventSink sink) {
        // On the request's thread, during its dispatch: the custody and the output thread are the request's.
        return ServletResponseCustody.current()
                .<StreamOutput>map(custody -> new ServletOutput(sink, custody, departures,
                        outputThreads.ofCurrentRequest(), partingWords))
                .orElseGet(() -> fallback.open(sink));
    }

    @Override
    public void close() {
        HubThreads.stopNow(prober, STOP_GRACE);
        fallback.close();
    }
}
