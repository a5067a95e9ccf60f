package io.ssehub.runtime.servlet;

import io.ssehub.fanout.StreamOutput;
import io.ssehub.jaxrs.DepartureProbe;
import io.ssehub.jaxrs.FrameEvent;
import io.ssehub.wire.SseFrame;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A stream in a servlet container, written with the Servlet API's non-blocking output: a client that
 * stops reading holds no thread, only its own bytes. The response's output stream is ready while the
 * container takes writes without piling them up ({@link ServletOutputStream#isReady}); when it is not,
 * the subscriber queues (bounded, then cut off), and the container calls {@link #onWritePossible} once it
 * has written what it holds.
 *
 * <p>Jersey writes and filters the response's status and headers only with a stream's first send, and
 * its sends make several writes, which a non-blocking stream refuses (Jetty wants {@code isReady} before
 * each). So {@link #openOnContainerThread}, as the dispatch returns on the container's thread, has Jersey
 * send an empty frame while the stream still blocks (the head and one blank line, which every SSE parser
 * skips; a fresh connection takes a few bytes at once), then switches the stream to non-blocking mode (the
 * Servlet API allows that once per request, in async mode, which Jersey has started for the stream). From
 * the container's first {@link #onWritePossible}, after the dispatch, this output writes the frames' bytes
 * itself, the container chunking them as it chunked Jersey's. Jersey does not touch the stream again until
 * the hub closes the sink, once everything written has left, so Jersey ends the response (and its async
 * context) as it would have. A client that never takes its last bytes is dropped by the container's own
 * write timeout (Tomcat's connection timeout, Jetty's idle timeout), which holds no thread meanwhile;
 * Undertow has none by default, and keeps such a connection, and no thread, until its client goes.
 *
 * <p>Once the stream is non-blocking, it is used (written, flushed, ended) only on the stream's output
 * thread ({@link OutputThreads}): the caller's, whichever it is, in most containers, and the connection's
 * I/O thread in Undertow ({@link NonBlockingOutputSupport}). Whatever asks for output (a write, the
 * container's {@link #onWritePossible}, a close) changes the output's state and asks for one pump there,
 * which does all that is due; until the pump has written what is held, the output is not ready.
 *
 * <p>Every use of the response is within the custody ({@link ServletResponseCustody#use}): never after
 * the container has ended the response. The output's own state is guarded by {@link #lock}, always taken
 * before the custody's. Tomcat calls {@link #onWritePossible} holding its lock on the connection, so
 * nothing done under {@link #lock} may wait for that lock: writes, {@code isReady} and ending the
 * response do not; setting the write listener from a thread of the hub would (Tomcat then runs the
 * dispatch inline), which is why it is set on the container's thread.
 */
final class ServletOutput implements StreamOutput, WriteListener, DepartureProbe.Probed {


    private final SseEventSink sink;
    private final ServletResponseCustody custody;
    private final DepartureProbe probe;
    /** Where the non-blocking stream is used: every pump runs here, in order. */
    private final Executor outputThread;
    private final Object lock = new Object();
    /** An empty frame Jersey sends to write the response's head: a blank line, which parsers skip. */
    private static final SseFrame HEAD_ONLY = SseFrame.join();
    /** The stream's last frame when the container ends it before the hub does: when to come back. */
    private final SseFrame partingWords;

    /** The container has called {@link #onWritePossible}: writes are allowed. Guarded by {@link #lock}. */
    private boolean writable;
    /** Guarded by {@link #lock}; set before the stream turns non-blocking. */
    private ServletOutputStream stream;
    /** A pump has been asked of the output thread and has not started yet. Guarded by {@link #lock}. */
    private boolean pumpAsked;
    /** What the stream's {@code isReady} answered after the last pump's writes. Guarded by {@link #lock}. */
    private boolean streamTakesWrites;
    /** Frames not yet written: held until the stream takes them. Guarded by {@link #lock}. */
    private final List<SseFrame> held = new ArrayList<>(2);
    /** When the last bytes were given to the stream. Guarded by {@link #lock}. */
    private long lastWrittenNanos;
    /** The sink has been closed (the response ended through Jersey). Guarded by {@link #lock}. */
    private boolean ended;
    /** The container is ending the request: nothing more is taken, what is held is last. Guarded by {@link #lock}. */
    private boolean containerEnding;
    private volatile boolean closeRequested;
    private final AtomicBoolean goneReported = new AtomicBoolean();
    private final AtomicReference<Runnable> readyCallback = new AtomicReference<>();
    private volatile Consumer<Throwable> goneCallback = failure -> { };

    /**
     * Made on the request thread, during the dispatch, by the resource method that registers the sink.
     *
     * @param outputThread where the stream is used once it is non-blocking
     */
    ServletOutput(SseEventSink sink, ServletResponseCustody custody, DepartureProbe probe, Executor outputThread,
            SseFrame partingWords) {
        this.sink = sink;
        this.custody = custody;
        this.probe = probe;
        this.outputThread = outputThread;
        this.partingWords = partingWords;
        custody.onTakenBack(this::takenBack);
        custody.writeWith(this);
    }

    /** The container ended the response (its client left, or it stops): gone, unless the hub was ending it. */
    private void takenBack() {
        if (closeRequested) {
            probe.forget(this);
        } else {
            gone(new IllegalStateException("the container ended the stream"));
        }
    }

    @Override
    public void write(List<SseFrame> frames) {
        boolean ask;
        synchronized (lock) {
            if (closeRequested || containerEnding || goneReported.get() || frames.isEmpty()) {
                return;
            }
            held.addAll(frames);
            ask = askPumpLocked();
        }
        pumpIf(ask);
    }

    /**
     * Ready while the stream took writes after the last pump and nothing is held; false until the
     * container says it does. Its {@code isReady} is not asked here: only the output thread uses the stream.
     */
    @Override
    public boolean ready() {
        synchronized (lock) {
            return writable && streamTakesWrites && held.isEmpty() && !closeRequested && !containerEnding
                    && !goneReported.get() && !ended;
        }
    }

    @Override
    public void whenReady(Runnable callback) {
        readyCallback.set(callback);
        boolean ask;
        synchronized (lock) {
            // Before the container's first onWritePossible, that call pumps.
            ask = askPumpLocked();
        }
        pumpIf(ask);
    }

    @Override
    public void onGone(Consumer<Throwable> callback) {
        this.goneCallback = callback;
    }

    @Override
    public void close() {
        closeRequested = true;
        probe.forget(this);
        boolean ask;
        synchronized (lock) {
            ask = askPumpLocked();
        }
        pumpIf(ask);
    }

    @Override
    public void probeIfIdleSince(long idleSince) {
        boolean ask;
        synchronized (lock) {
            if (!writable || closeRequested || containerEnding || goneReported.get() || !held.isEmpty()
                    || lastWrittenNanos - idleSince > 0) {
                return;
            }
            held.add(DepartureProbe.PROBE);
            ask = askPumpLocked();
        }
        pumpIf(ask);
    }

    /**
     * As the dispatch that registered the stream returns, on the container's thread: Jersey writes the
     * response's head with an empty frame while the stream blocks, then the stream becomes non-blocking.
     */
    void openOnContainerThread() {
        Throwable failure;
        synchronized (lock) {
            failure = useResponse(() -> {
                sendThroughJersey(HEAD_ONLY);
                stream = custody.outputStream();
                // Payara calls onWritePossible within this call, on this thread.
                stream.setWriteListener(this);
            });
        }
        if (failure != null) {
            gone(failure);
        }
    }

    /** The container: the stream takes writes (the first time: the dispatch is over, writing may start). */
    @Override
    public void onWritePossible() {
        boolean ask;
        synchronized (lock) {
            if (!writable) {
                writable = true;
                lastWrittenNanos = System.nanoTime();
                probe.watch(this);
            }
            ask = askPumpLocked();
        }
        pumpIf(ask);
    }

    /**
     * The container: a write failed (the client left, or did not read within the container's timeout). A
     * stream the hub had closed meanwhile, its last bytes still waiting, is ended now: nothing else would
     * end it in a container that leaves that to the application (Undertow).
     */
    @Override
    public void onError(Throwable failure) {
        gone(failure);
        if (closeRequested) {
            boolean ask;
            synchronized (lock) {
                ask = askPumpLocked();
            }
            pumpIf(ask);
        }
    }

    /**
     * The container times the request out, and will end it unless a listener does, on its thread, during
     * its call to the listeners: the last moment the response may still be written. Tomcat does so for
     * every open stream as it undeploys the application, before the hub hears of it (the servlet's destroy
     * comes later). Unless the hub is ending the stream itself, its last word is {@link #partingWords};
     * once everything is out, the response is ended through Jersey, so the container completes it as
     * usual instead of cutting the connection. Where the output thread is not the caller (Undertow), the
     * pump may come after the container has taken the response back; then nothing is written.
     */
    void endOnContainerTimeout() {
        synchronized (lock) {
            if (ended || containerEnding || goneReported.get()) {
                return;
            }
            containerEnding = true;
            if (!closeRequested) {
                held.add(partingWords);
            }
        }
        // Not through pumpIf: a pump asked already may be about to run on another thread, after the
        // container's call; this one must run within it.
        runOnOutputThread(this::pump);
    }

    /**
     * Whether the caller is to ask the output thread for a pump: no, when one is asked already and has not
     * started (it will see what the caller changed under the lock before asking).
     */
    private boolean askPumpLocked() {
        if (pumpAsked) {
            return false;
        }
        pumpAsked = true;
        return true;
    }

    /** Asks the output thread for a pump, if {@code ask}. */
    private void pumpIf(boolean ask) {
        if (ask) {
            runOnOutputThread(this::pump);
        }
    }

    /** On the output thread: writes what is due, then answers a waiting subscriber if the stream takes more. */
    private void pump() {
        Runnable ready;
        synchronized (lock) {
            pumpAsked = false;
            ready = pumpLocked();
        }
        runIfAny(ready);
    }

    /**
     * On the output thread: writes what is held while the stream takes it; once all is out,
     * ends the response if asked, else answers the ready callback to run (outside the lock). Leaves the
     * stream asked to call back when it does not take writes now ({@code isReady} false).
     */
    private Runnable pumpLocked() {
        if (ended) {
            return null;
        }
        if (goneReported.get()) {
            held.clear();
            if (closeRequested) {
                // Jersey's end of the response, which is the container's while its dispatch runs.
                custody.whenHandedOver(() -> runOnOutputThread(() -> {
                    synchronized (lock) {
                        endLocked();
                    }
                }));
            }
            return null;
        }
        if (!writable) {
            // The container's first onWritePossible pumps.
            return null;
        }
        boolean[] takesMore = {false};
        Throwable failure = useResponse(() -> {
            takesMore[0] = stream.isReady();
            while (takesMore[0] && !held.isEmpty()) {
                byte[] bytes = bytesOf(held);
                held.clear();
                stream.write(bytes);
                lastWrittenNanos = System.nanoTime();
                if (stream.isReady()) {
                    stream.flush();
                }
                // Asks for onWritePossible if what was written is not out yet.
                takesMore[0] = stream.isReady();
            }
        });
        streamTakesWrites = failure == null && takesMore[0];
        if (failure != null) {
            held.clear();
            gone(failure);
            if (closeRequested) {
                endLocked();
            }
            return null;
        }
        if (!takesMore[0]) {
            return null;
        }
        if (closeRequested || containerEnding) {
            endLocked();
            return null;
        }
        return readyCallback.getAndSet(null);
    }

    /** Runs {@code task} on the output thread; a thread that takes no more tasks has ended the connection. */
    private void runOnOutputThread(Runnable task) {
        try {
            outputThread.execute(task);
        } catch (RejectedExecutionException stopping) {
            gone(stopping);
        }
    }

    /** Jersey's send, which writes the response's head with the frame; within the custody. */
    private void sendThroughJersey(SseFrame frame) throws IOException {
        if (sink.isClosed()) {
            throw new IllegalStateException("the container closed the stream");
        }
        CompletionStage<?> sent = sink.send(new FrameEvent(frame));
        Throwable failed = sent.toCompletableFuture().handle((ok, error) -> error).getNow(null);
        if (failed != null) {
            throw new IOException("Jersey could not write the stream's head", failed);
        }
    }

    /** Ends the response through Jersey (sink and async context), unless the container has taken it back. */
    private void endLocked() {
        if (ended) {
            return;
        }
        ended = true;
        custody.closeSink(sink);
    }

    /** A use of the response. */
    @FunctionalInterface
    private interface Use {
        void run() throws IOException;
    }

    /** Runs {@code use} within the custody; answers what failed, or that the container took the response back. */
    private Throwable useResponse(Use use) {
        Throwable[] failure = {null};
        boolean used = custody.use(() -> {
            try {
                use.run();
            } catch (IOException | RuntimeException e) {
                failure[0] = e;
            }
            return true;
        });
        return used ? failure[0] : new IllegalStateException("the container ended the stream");
    }

    private void gone(Throwable failure) {
        if (goneReported.compareAndSet(false, true)) {
            probe.forget(this);
            goneCallback.accept(failure);
        }
    }

    private static void runIfAny(Runnable ready) {
        if (ready != null) {
            ready.run();
        }
    }

    private static byte[] bytesOf(List<SseFrame> frames) {
        return frames.size() == 1 ? frames.get(0).bytes() : SseFrame.join(frames.toArray(SseFrame[]::new)).bytes();
    }
}
