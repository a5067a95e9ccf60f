package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream: its sink, its bounded queue and its single writer.
 *
 * <p>Anyone may {@link #offer} (the dispatcher, the heartbeat, shutdown); only one drain task at a time,
 * run on the writer pool, touches the sink, so events leave in the order they were queued and a slow
 * connection holds up nobody but itself. The first failed write is terminal; {@link #close} is
 * idempotent and every way out of a connection ends there.
 */
final class Subscriber {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);
    /** Queued frames are joined into one write up to this size: fewer flushes, same latency. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;
    /** Marks frames (comments, notices) that are never skipped as already written. */
    private static final long NO_POSITION = Long.MIN_VALUE;

    private final SseEventSink sink;
    private final Subscription subscription;
    private final StreamTerms terms;
    private final QueueLimits limits;
    private final SseFrame overflowNotice;
    private final Executor writers;
    private final Listener listener;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private int queuedBytes;
    /** A drain task is scheduled or running. Guarded by {@link #lock}; starts true for the opening task. */
    private boolean draining = true;
    /** Log position the replay covers; live events up to it are not queued. Guarded by {@link #lock}. */
    private long coveredPosition = NO_POSITION;
    /** Last frame before the stream ends; once set, nothing more is accepted. Guarded by {@link #lock}. */
    private SseFrame farewell;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** Log position of the newest event written (or replayed). Touched only by the drain task. */
    private long writtenPosition = NO_POSITION;

    interface Listener {
        void onCut(Subscriber subscriber);

        void onClosed(Subscriber subscriber, Throwable failure);
    }

    private record Queued(SseFrame frame, long position) {
    }

    Subscriber(SseEventSink sink, Subscription subscription, StreamTerms terms, QueueLimits limits,
               SseFrame overflowNotice, Executor writers, Listener listener) {
        this.sink = sink;
        this.subscription = subscription;
        this.terms = terms;
        this.limits = limits;
        this.overflowNotice = overflowNotice;
        this.writers = writers;
        this.listener = listener;
    }

    SseEventSink sink() {
        return sink;
    }

    Subscription subscription() {
        return subscription;
    }

    int queuedFrames() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    StreamTerms terms() {
        return terms;
    }

    /**
     * The opening writes, on the writer pool, after the greeting: what the client missed (a reset notice
     * and the replay); live events offered meanwhile wait in the queue and are written after, minus those
     * the replay covered.
     *
     * @param replayedUpTo log position of the newest event the replay considered (written or filtered out)
     */
    void open(List<SseFrame> opening, long replayedUpTo) {
        // A long replay leaves in writes of up to MAX_WRITE_BYTES, as queued live events do.
        List<SseFrame> batch = new ArrayList<>();
        int bytes = 0;
        for (SseFrame frame : opening) {
            batch.add(frame);
            bytes += frame.size();
            if (bytes >= MAX_WRITE_BYTES) {
                if (!writeJoined(batch)) {
                    return;
                }
                bytes = 0;
            }
        }
        if (!batch.isEmpty() && !writeJoined(batch)) {
            return;
        }
        writtenPosition = replayedUpTo;
        drain();
    }

    /** Writes the frames as one and empties the list. */
    private boolean writeJoined(List<SseFrame> frames) {
        SseFrame joined = frames.size() == 1 ? frames.get(0) : SseFrame.join(frames.toArray(SseFrame[]::new));
        frames.clear();
        return write(joined);
    }

    /**
     * Writes the greeting; called first by the opening task, which is the stream's only writer (nothing
     * is drained before it has run).
     *
     * @return whether the stream is still open
     */
    boolean greet(SseFrame greeting) {
        return write(greeting);
    }

    /**
     * The replay writes every event up to log position {@code position}: queued live copies of them
     * are dropped now and later ones are not queued, so they do not count towards the queue's limits.
     */
    void covered(long position) {
        lock.lock();
        try {
            coveredPosition = position;
            queue.removeIf(queued -> {
                boolean drop = queued.position() != NO_POSITION && queued.position() <= position;
                if (drop) {
                    queuedBytes -= queued.frame().size();
                }
                return drop;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Starts the opening writes on the writer pool. */
    void start(Runnable opening) {
        submit(opening);
    }

    /** Queues an event that matched this subscriber's topics; cuts the subscriber off if its queue is full. */
    void offer(Event event, SseFrame frame) {
        enqueue(new Queued(frame, event.id().position()), true);
    }

    /** Queues a keep-alive comment unless something is already waiting (which proves liveness as well). */
    void keepAlive(SseFrame comment) {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                enqueueLocked(new Queued(comment, NO_POSITION), false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream after what is queued, with {@code last} as the final frame. */
    void finish(SseFrame last) {
        lock.lock();
        try {
            if (farewell == null && !closed.get()) {
                farewell = last;
                scheduleLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream now, dropping what is queued (the client resumes from its last id). */
    void cut(SseFrame last) {
        lock.lock();
        try {
            if (farewell != null || closed.get()) {
                return;
            }
            queue.clear();
            queuedBytes = 0;
            farewell = last;
            scheduleLocked();
        } finally {
            lock.unlock();
        }
        listener.onCut(this);
    }

    private void enqueue(Queued queued, boolean bounded) {
        boolean overflowed;
        lock.lock();
        try {
            if (queued.position() != NO_POSITION && queued.position() <= coveredPosition) {
                return;
            }
            overflowed = bounded && limits.exceededBy(queue.size() + 1, queuedBytes + queued.frame().size());
            if (!overflowed) {
                enqueueLocked(queued, bounded);
            }
        } finally {
            lock.unlock();
        }
        if (overflowed) {
            cut(overflowNotice);
        }
    }

    private void enqueueLocked(Queued queued, boolean bounded) {
        if (farewell != null || closed.get()) {
            return;
        }
        queue.add(queued);
        queuedBytes += queued.frame().size();
        scheduleLocked();
    }

    private void scheduleLocked() {
        if (!draining) {
            draining = true;
            submit(this::drain);
        }
    }

    private void submit(Runnable task) {
        try {
            writers.execute(task);
        } catch (RejectedExecutionException e) {
            // The writer pool is shutting down: nothing will write to this stream again.
            close(null);
        }
    }

    /** Writes until the queue is empty; the only code that writes to the sink after the opening. */
    private void drain() {
        while (!closed.get()) {
            SseFrame batch;
            boolean last = false;
            lock.lock();
            try {
                batch = takeBatchLocked();
                if (batch == null) {
                    if (farewell == null) {
                        draining = false;
                        return;
                    }
                    batch = farewell;
                    last = true;
                }
            } finally {
                lock.unlock();
            }
            if (!write(batch)) {
                return;
            }
            if (last) {
                close(null);
                return;
            }
        }
    }

    /** Joins what is queued, skipping events the replay already wrote. Call with the lock held. */
    private SseFrame takeBatchLocked() {
        List<SseFrame> frames = new ArrayList<>();
        int bytes = 0;
        while (!queue.isEmpty() && bytes < MAX_WRITE_BYTES) {
            Queued next = queue.poll();
            queuedBytes -= next.frame().size();
            if (next.position() != NO_POSITION) {
                if (next.position() <= writtenPosition) {
                    continue;
                }
                writtenPosition = next.position();
            }
            frames.add(next.frame());
            bytes += next.frame().size();
        }
        if (frames.isEmpty()) {
            return null;
        }
        return frames.size() == 1 ? frames.get(0) : SseFrame.join(frames.toArray(SseFrame[]::new));
    }

    private boolean write(SseFrame frame) {
        if (closed.get()) {
            return false;
        }
        if (sink.isClosed()) {
            close(null);
            return false;
        }
        try {
            CompletionStage<?> sent = sink.send(frame);
            Throwable failure = sent.toCompletableFuture().handle((ok, error) -> error).getNow(null);
            if (failure != null) {
                close(failure);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            // IllegalStateException: the container closed the sink under us (the client is gone). Anything
            // else is as terminal: a drain task that died here would leave this stream stuck forever.
            close(e);
            return false;
        }
    }

    /** Idempotent: the first call closes the sink, forgets the queue and tells the listener. */
    void close(Throwable failure) {
        if (closed.getAndSet(true)) {
            return;
        }
        lock.lock();
        try {
            queue.clear();
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a stream failed", e);
        }
        listener.onClosed(this, failure);
    }

    @Override
    public String toString() {
        return "Subscriber" + subscription.topics();
    }
}
