package io.ssehub.runtime;

import io.ssehub.fanout.StreamOutput;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.Response;

/**
 * Makes {@link GrizzlyOutput}s for HTTP/1.1 streams served by embedded Grizzly, from the Grizzly response that
 * {@link GrizzlyRequestFilter} keeps in the request's properties; any other sink gets the fallback.
 */
final class GrizzlyOutputs implements StreamOutput.Factory, AutoCloseable {

    private final StreamOutput.Factory fallback;
    private final long closeGraceMillis;
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "ssehub-grizzly-timer");
                thread.setDaemon(true);
                return thread;
            });

    /** Jersey's end of a response may block until the client reads or the grace ends: a thread each. */
    private final java.util.concurrent.ExecutorService closers = java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> {
                Thread thread = new Thread(runnable, "ssehub-grizzly-closer");
                thread.setDaemon(true);
                return thread;
            });

    GrizzlyOutputs(StreamOutput.Factory fallback, long closeGraceMillis) {
        this.fallback = fallback;
        this.closeGraceMillis = closeGraceMillis;
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public StreamOutput open(SseEventSink sink, ContainerRequestContext request) {
        Object response = request == null ? null : request.getProperty(GrizzlyRequestFilter.RESPONSE);
        // Raw writes are HTTP/1.1 chunks; an HTTP/1.0 stream goes through Jersey, unchunked (HubHttpCodec).
        if (response instanceof Response grizzlyResponse && grizzlyResponse.getRequest().getProtocol() == Protocol.HTTP_1_1) {
            return new GrizzlyOutput(sink, grizzlyResponse, timer, closers, closeGraceMillis);
        }
        return fallback.open(sink, request);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closers.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
            closers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
