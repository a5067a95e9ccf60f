package io.ssehub.runtime.grizzly;

import io.ssehub.fanout.HubThreads;
import io.ssehub.fanout.StreamOutput;
import io.ssehub.jaxrs.SinkOutputs;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.Response;

/**
 * Makes {@link GrizzlyOutput}s for HTTP/1.1 streams served by embedded Grizzly, from the response being
 * served on the registering thread ({@link ServedResponse}); any other sink (an HTTP/1.0 stream, which
 * goes through Jersey unchunked, see {@link HubHttpCodec}) gets the fallback.
 */
final class GrizzlyOutputs implements SinkOutputs {

    /**
     * Threads that end streams through Jersey, whose last write blocks while a client's connection is full.
     * Bounded: a mass cut of stalled clients queues its closes here instead of starting a thread per stream;
     * each blocked close is freed within the close grace, when its connection is dropped.
     */
    private static final int CLOSERS = 8;
    /** How long stopping waits for closes under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private final SinkOutputs fallback;
    private final long closeGraceMillis;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("ssehub-grizzly-timer"));
    private final ThreadPoolExecutor closers = new ThreadPoolExecutor(CLOSERS, CLOSERS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemon("ssehub-grizzly-closer"));

    /** @param closeGraceMillis how long a client has to take the end of its stream before its connection is dropped */
    GrizzlyOutputs(SinkOutputs fallback, long closeGraceMillis) {
        this.fallback = fallback;
        this.closeGraceMillis = closeGraceMillis;
        timer.setRemoveOnCancelPolicy(true);
        closers.allowCoreThreadTimeOut(true);
    }

    @Override
    public StreamOutput open(SseEventSink sink) {
        Optional<Response> response = ServedResponse.current();
        // Raw writes are HTTP/1.1 chunks; an HTTP/1.0 stream goes through Jersey, unchunked (HubHttpCodec).
        if (response.isPresent() && response.get().getRequest().getProtocol() == Protocol.HTTP_1_1) {
            GrizzlyOutput output = new GrizzlyOutput(sink, response.get(), closers, timer, closeGraceMillis);
            ServedResponse.afterService(output::serviceReturned);
            return output;
        }
        return fallback.open(sink);
    }

    @Override
    public void close() {
        HubThreads.stopNow(timer, STOP_GRACE);
        HubThreads.stopNow(closers, STOP_GRACE);
        fallback.close();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
