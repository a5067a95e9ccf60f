package io.ssehub.fanout;

import io.ssehub.wire.SseFrame;
import java.util.List;
import java.util.function.Consumer;

/**
 * The connection one stream is written to, as the fan-out sees it: writes never block the caller. A
 * subscriber writes while the output is {@link #ready()}, and otherwise keeps events in its own bounded
 * queue and asks to be told when the output drains ({@link #whenReady}); that is how one slow client is
 * kept from holding up the thread that writes to many.
 *
 * <p>The fan-out's one port to a runtime: it knows nothing of requests, sinks or containers. Each runtime
 * makes its outputs its own way (embedded Grizzly writes chunks to the connection; a servlet container
 * through the JAX-RS sink) and hands them to the hub when a stream opens.
 *
 * <p>Only the subscriber's lane calls {@link #write}, {@link #ready} and {@link #close}; callbacks may
 * come on any thread.
 */
public interface StreamOutput {

    /**
     * Writes the frames, in order, as one write where the runtime allows. Never blocks: when the output
     * is not ready the frames are held by the output (for the last frames of a stream, which must go out
     * whatever the client's pace).
     */
    void write(List<SseFrame> frames);

    /** Whether a write now is taken without piling up in memory beyond the output's own bound. */
    boolean ready();

    /** Calls {@code callback} once, on any thread, as soon as the output is ready (at once if it is). */
    void whenReady(Runnable callback);

    /**
     * Calls {@code callback} once, on any thread, when the client has gone or a write failed; set once,
     * before the first write.
     */
    void onGone(Consumer<Throwable> callback);

    /** Ends the response after what was written; idempotent. */
    void close();
}
