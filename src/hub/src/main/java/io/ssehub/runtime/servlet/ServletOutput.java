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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream in a servlet container, written with the Servlet API's non-blocking output: a client that
 * stops reading holds no thread, only its own bytes. The response's output stream is ready while the
 * container takes writes without piling them up ({@link ServletOutputStream#isReady}); when it is not,
 * the subscriber queues (bounded, then cut off), and the container calls {@link #onWritePossible} once it
 * has written what it holds.
 *
 * <p>Jersey writes the response's status and headers, and filters them, on the stream's first send; so
 * the first frame (the greeting, a few bytes that any socket takes) goes through the sink, on a writer
 * thread, once the container has handed the response over ({@link ServletResponseCustody}). Then the
 * output switches the response's stream to non-blocking mode, which the Servlet API allows once per
 * request and only in async mode (Jersey has started it for the stream), and writes the frames' bytes
 * itself; the container chunks them as it chunked Jersey's. Jersey does not touch the stream again until
 * the hub closes the sink, once everything written has left, so Jersey ends the response (and its async
 * context) as it would have. A client that never takes its last bytes is dropped by the container's own
 * write timeout (Tomcat's connection timeout, Jetty's idle timeout), which holds no thread meanwhile.
 *
 * <p>Every use of the response is within the custody ({@link ServletResponseCustody#use}): never after
 * the container has ended the response, never while its dispatch runs. The output's own state is guarded
 * by {@link #lock}, always taken before the custody's.
 */
final class ServletOutput implements StreamOutput, WriteListener, DepartureProbe.Probed {

    private static final Logger LOG = LoggerFactory.getLogger(ServletOutput.class);

    /** Who writes the stream. */
    private enum Phase {
        /** Nothing written yet. */
        NEW,
        /** Jersey is writing the first frame, or the container has not yet said the stream takes writes. */
        HANDING_OVER,
        /** The hub writes the stream itself, without blocking. */
        DIRECT
    }

    private final SseEventSink sink;
    private final ServletResponseCustody custody;
    private final Executor jerseyWriters;
    private final DepartureProbe probe;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Phase phase = Phase.NEW;
    /** Set (once) before the stream is switched to non-blocking mode. Guarded by {@link #lock}. */
    private ServletOutputStream stream;
    /** Frames not yet written: held until the stream takes them. Guarded by {@link #lock}. */
    private final List<SseFrame> held = new ArrayList<>(2);
    /** When the last bytes were given to the stream. Guarded by {@link #lock}. */
    private long lastWrittenNanos;
    /** The sink has been closed (the response ended through Jersey). Guarded by {@link #lock}. */
    private boolean ended;
    private volatile boolean closeRequested;
    private final AtomicBoolean goneReported = new AtomicBoolean();
    private final AtomicReference<Runnable> readyCallback = new AtomicReference<>();
    private volatile Consumer<Throwable> goneCallback = failure -> { };

    ServletOutput(SseEventSink sink, ServletResponseCustody custody, Executor jerseyWriters, DepartureProbe probe) {
        this.sink = sink;
        this.custody = custody;
        this.jerseyWriters = jerseyWriters;
        this.probe = probe;
        custody.onTakenBack(this::takenBack);
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
        Runnable ready;
        synchronized (lock) {
            if (closeRequested || goneReported.get()) {
                return;
            }
            switch (phase) {
                case NEW -> {
                    phase = Phase.HANDING_OVER;
                    held.addAll(frames.subList(1, frames.size()));
                    SseFrame first = frames.get(0);
                    custody.whenHandedOver(() -> onJerseyWriter(() -> sendFirst(first)));
                    return;
                }
                case HANDING_OVER -> {
                    held.addAll(frames);
                    return;
                }
                default -> {
                    held.addAll(frames);
                    ready = pumpLocked();
                }
            }
        }
        runIfAny(ready);
    }

    /** Ready while the stream takes writes and nothing is held; false until the hub writes it itself. */
    @Override
    public boolean ready() {
        synchronized (lock) {
            return phase == Phase.DIRECT && held.isEmpty() && !closeRequested && !goneReported.get()
                    && custody.use(stream::isReady);
        }
    }

    @Override
    public void whenReady(Runnable callback) {
        readyCallback.set(callback);
        Runnable ready = null;
        synchronized (lock) {
            if (phase == Phase.DIRECT) {
                // Else the container's first onWritePossible calls back.
                ready = pumpLocked();
            }
        }
        runIfAny(ready);
    }

    @Override
    public void onGone(Consumer<Throwable> callback) {
        this.goneCallback = callback;
    }

    @Override
    public void close() {
        closeRequested = true;
        probe.forget(this);
        boolean throughJersey;
        synchronized (lock) {
            switch (phase) {
                case NEW -> {
                    // Never written: Jersey ends the response once the container has handed it over.
                    phase = Phase.HANDING_OVER;
                    throughJersey = true;
                }
                case HANDING_OVER -> {
                    // The first onWritePossible ends the response, unless the first frame failed.
                    throughJersey = false;
                    if (goneReported.get()) {
                        endLocked();
                    }
                }
                default -> {
                    throughJersey = false;
                    pumpLocked();
                }
            }
        }
        if (throughJersey) {
            custody.whenHandedOver(() -> onJerseyWriter(() -> {
                synchronized (lock) {
                    endLocked();
                }
            }));
        }
    }

    @Override
    public void probeIfIdleSince(long idleSince) {
        Runnable ready;
        synchronized (lock) {
            if (phase != Phase.DIRECT || closeRequested || goneReported.get() || !held.isEmpty()
                    || lastWrittenNanos - idleSince > 0) {
                return;
            }
            held.add(DepartureProbe.PROBE);
            ready = pumpLocked();
        }
        runIfAny(ready);
    }

    /** The container: the stream takes writes again (or for the first time since it became non-blocking). */
    @Override
    public void onWritePossible() {
        Runnable ready;
        synchronized (lock) {
            if (phase == Phase.HANDING_OVER) {
                phase = Phase.DIRECT;
                probe.watch(this);
            }
            ready = pumpLocked();
        }
        runIfAny(ready);
    }

    /** The container: a write failed (the client left, or did not read within the container's timeout). */
    @Override
    public void onError(Throwable failure) {
        gone(failure);
    }

    /**
     * The first frame, through Jersey, which writes the response's head with it; then the stream becomes
     * non-blocking and the container calls {@link #onWritePossible} when it takes writes. On a writer thread.
     */
    private void sendFirst(SseFrame first) {
        Throwable failure = useResponse(() -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("the container closed the stream");
            }
            CompletionStage<?> sent = sink.send(new FrameEvent(first));
            Throwable failed = sent.toCompletableFuture().handle((ok, error) -> error).getNow(null);
            if (failed != null) {
                throw new IOException("the first frame failed", failed);
            }
            if (!custody.committed()) {
                throw new IllegalStateException("Jersey did not write the stream's head with its first frame");
            }
        });
        if (failure == null) {
            synchronized (lock) {
                failure = useResponse(() -> {
                    stream = custody.outputStream();
                    stream.setWriteListener(this);
                });
            }
        }
        if (failure != null) {
            gone(failure);
            if (closeRequested) {
                synchronized (lock) {
                    endLocked();
                }
            }
        }
    }

    /**
     * Writes what is held while the stream takes it; once all is out, ends the response if asked, else
     * answers the ready callback to run (outside the lock). Leaves the stream asked to call back when it
     * does not take writes now ({@code isReady} false).
     */
    private Runnable pumpLocked() {
        if (ended) {
            return null;
        }
        if (goneReported.get()) {
            held.clear();
            if (closeRequested) {
                endLocked();
            }
            return null;
        }
        boolean[] writable = {false};
        Throwable failure = useResponse(() -> {
            writable[0] = stream.isReady();
            while (writable[0] && !held.isEmpty()) {
                byte[] bytes = bytesOf(held);
                held.clear();
                stream.write(bytes);
                lastWrittenNanos = System.nanoTime();
                if (stream.isReady()) {
                    stream.flush();
                }
                // Asks for onWritePossible if what was written is not out yet.
                writable[0] = stream.isReady();
            }
        });
        if (failure != null) {
            held.clear();
            gone(failure);
            if (closeRequested) {
                endLocked();
            }
            return null;
        }
        if (!writable[0]) {
            return null;
        }
        if (closeRequested) {
            endLocked();
            return null;
        }
        return readyCallback.getAndSet(null);
    }

    /** Ends the response through Jersey (sink and async context), unless the container has taken it back. */
    private void endLocked() {
        if (ended) {
            return;
        }
        ended = true;
        custody.use(() -> {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a stream failed", e);
            }
            return true;
        });
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

    private void onJerseyWriter(Runnable task) {
        try {
            jerseyWriters.execute(task);
        } catch (RejectedExecutionException stopping) {
            // The hub is stopping: the container ends the response as it undeploys.
            gone(stopping);
        }
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
