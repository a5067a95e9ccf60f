package io.ssehub.jaxrs;

import io.ssehub.fanout.StreamOutput;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output through the standard {@link SseEventSink}, for any container: the sink's {@code send} blocks
 * its caller in a servlet container, so sends run on a pool of blocking writers, one at a time per
 * stream, and the output is ready only while no send is under way. What the subscriber queues meanwhile
 * leaves as one joined write. An idle stream is probed ({@link DepartureProbe}) so a departed client is
 * found without waiting for the next keep-alive.
 */
final class SinkOutput implements StreamOutput, DepartureProbe.Probed {

    private static final Logger LOG = LoggerFactory.getLogger(SinkOutput.class);

    private final SseEventSink sink;
    private final Executor blockingWriters;
    private final DepartureProbe probe;
    private final ResponseCustody custody;
    /** The first send waits for the container to hand the response over. Guarded by {@link #lock}. */
    private boolean handOverAsked;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<SseFrame> unsent = new ArrayDeque<>(2);
    /** A send task is scheduled or running. Guarded by {@link #lock}. */
    private boolean sending;
    /** Guarded by {@link #lock}. */
    private boolean closeRequested;
    /** Guarded by {@link #lock}. */
    private boolean gone;
    /** Guarded by {@link #lock}. */
    private Runnable readyCallback;
    /** When the last send ended. Guarded by {@link #lock}. */
    private long lastSentNanos;
    /**
     * A first frame has been sent: only then is the stream probed, so a probe never goes ahead of the
     * stream's opening (a lane that is late to open it must not have a probe take the sink first).
     * Guarded by {@link #lock}.
     */
    private boolean started;
    private volatile Consumer<Throwable> goneCallback = failure -> { };

    SinkOutput(SseEventSink sink, Executor blockingWriters, DepartureProbe probe, ResponseCustody custody) {
        this.sink = sink;
        this.blockingWriters = blockingWriters;
        this.probe = probe;
        this.custody = custody;
        probe.watch(this);
        custody.onTakenBack(this::takenBack);
    }

    /** The container ended the response itself (its client left): the stream is gone, unless it was closing. */
    private void takenBack() {
        synchronized (lock) {
            if (gone || closeRequested) {
                gone = true;
                return;
            }
            gone = true;
            unsent.clear();
        }
        probe.forget(this);
        goneCallback.accept(new IllegalStateException("the container ended the stream"));
    }

    /** Sends {@link DepartureProbe#PROBE} when nothing is under way and nothing was sent since {@code idleSince}. */
    @Override
    public void probeIfIdleSince(long idleSince) {
        synchronized (lock) {
            if (!started || gone || closeRequested || sending || lastSentNanos - idleSince > 0) {
                return;
            }
            unsent.add(DepartureProbe.PROBE);
            scheduleLocked();
        }
    }

    @Override
    public void write(List<SseFrame> frames) {
        SseFrame joined = frames.size() == 1 ? frames.get(0) : SseFrame.join(frames.toArray(SseFrame[]::new));
        synchronized (lock) {
            if (gone || closeRequested) {
                return;
            }
            unsent.add(joined);
            scheduleLocked();
        }
    }

    @Override
    public boolean ready() {
        synchronized (lock) {
            return !sending && !gone;
        }
    }

    @Override
    public void whenReady(Runnable callback) {
        synchronized (lock) {
            if (sending) {
                readyCallback = callback;
                return;
            }
        }
        callback.run();
    }

    @Override
    public void onGone(Consumer<Throwable> callback) {
        this.goneCallback = callback;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            scheduleLocked();
        }
        probe.forget(this);
    }

    private void scheduleLocked() {
        if (sending) {
            return;
        }
        sending = true;
        if (handOverAsked) {
            startSending();
        } else {
            // The first send, once the container has handed the response over; later ones follow it.
            handOverAsked = true;
            custody.whenHandedOver(this::startSending);
        }
    }

    private void startSending() {
        try {
            blockingWriters.execute(this::send);
        } catch (RejectedExecutionException e) {
            // The hub is stopping: nothing will write to this stream again.
            synchronized (lock) {
                sending = false;
                gone = true;
            }
            probe.forget(this);
            closeSink();
        }
    }

    /** Sends what is queued, then closes the sink if asked; the only code that touches the sink. */
    private void send() {
        while (true) {
            SseFrame frame;
            boolean close;
            Runnable ready = null;
            synchronized (lock) {
                frame = gone ? null : unsent.poll();
                close = frame == null && closeRequested;
                if (frame == null) {
                    sending = false;
                    ready = readyCallback;
                    readyCallback = null;
                }
            }
            if (frame == null) {
                if (close) {
                    closeSink();
                } else if (ready != null) {
                    ready.run();
                }
                return;
            }
            Throwable failure = sendNow(frame);
            synchronized (lock) {
                lastSentNanos = System.nanoTime();
                started = true;
                if (failure != null) {
                    gone = true;
                    unsent.clear();
                }
            }
            if (failure != null) {
                probe.forget(this);
                goneCallback.accept(failure);
            }
        }
    }

    private Throwable sendNow(SseFrame frame) {
        Throwable[] failure = {null};
        boolean used = custody.use(() -> {
            if (sink.isClosed()) {
                failure[0] = new IllegalStateException("the container closed the stream");
                return true;
            }
            try {
                CompletionStage<?> sent = sink.send(new FrameEvent(frame));
                failure[0] = sent.toCompletableFuture().handle((ok, error) -> error).getNow(null);
            } catch (RuntimeException e) {
                // IllegalStateException: the container closed the sink under us (the client is gone).
                failure[0] = e;
            }
            return true;
        });
        return used ? failure[0] : new IllegalStateException("the container ended the stream");
    }

    private void closeSink() {
        custody.use(() -> {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a stream failed", e);
            }
            return true;
        });
    }
}
