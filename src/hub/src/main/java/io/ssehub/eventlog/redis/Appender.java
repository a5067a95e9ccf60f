package io.ssehub.eventlog.redis;

import io.ssehub.eventlog.CompletionFailures;
import io.ssehub.eventlog.EventLogUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one writer to the log (group commit): every append waiting at one moment goes as one batch, one
 * round trip and one script run in Redis, and each caller then gets its sequence. One batch is in flight at a
 * time, and the next one gathers meanwhile, so the more publishers append at once, the more each round trip
 * carries; a lone publisher waits for one round trip, as before. One script call per append cost Redis about
 * 37 µs each (its {@code INFO commandstats} under the multi-node benchmark) and every node's tail one more
 * {@code XREAD}.
 *
 * <p>No thread of its own: the caller that finds nothing in flight sends the batch itself, and the answer to a
 * batch (on the Redis client's I/O thread) sends the next. A thread in between cost two wake-ups per batch,
 * and on this one-core benchmark every wake-up shows in the publish rate.
 *
 * <p>A batch is bounded ({@link #MAX_EVENTS}, {@link #MAX_CHARS}) so that one script call never nears
 * Redis's limits on a request and never holds Redis (which runs a script alone) long enough to delay the
 * others; an event larger than the bound goes alone. A caller is answered within the command timeout from the
 * moment it asked, whatever was in flight before it: then its append is withdrawn if it was not yet sent,
 * and either way it is told the outcome is unknown ({@link EventLogUnavailableException}, a 503). Callers
 * are answered on the thread that completes the batch (the Redis client's I/O thread, or on a timeout the
 * JDK's delay thread): what they chain must not block. What waits is bounded too ({@link #MAX_WAITING_EVENTS},
 * {@link #MAX_WAITING_CHARS}): past that an append is refused at once, as unavailable, rather than held in
 * memory for a Redis that cannot keep up. Thread-safe: the queue, its counts and the in-flight flag are the
 * only shared state.
 */
final class Appender implements AutoCloseable {

    /** Most events in one script call: about 100 × 10 µs of {@code XADD} in Redis, well under a millisecond. */
    static final int MAX_EVENTS = 100;
    /** Most characters of arguments in one script call: far below Redis's 512 MB per request. */
    static final int MAX_CHARS = 1 << 20;

    /** Most events waiting for the writer: a hundred full batches. */
    static final int MAX_WAITING_EVENTS = 10_000;
    /** Most characters of arguments waiting for the writer: about a thousand publishes of the default 64 KiB. */
    static final long MAX_WAITING_CHARS = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Appender.class);

    /**
     * One caller's append: the script arguments of its events (one, or a batch that goes whole into one script
     * call), and where the writer puts the sequence of the last of them.
     */
    private record Waiting(List<String[]> events, long chars, CompletableFuture<LogHead> done) {

        Waiting(List<String[]> events) {
            this(List.copyOf(events), chars(events), new CompletableFuture<>());
        }

        private static long chars(List<String[]> events) {
            long chars = 0;
            for (String[] fields : events) {
                for (String field : fields) {
                    chars += field.length();
                }
            }
            return chars;
        }

        int size() {
            return events.size();
        }
    }

    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    /** Events in {@link #queue} and characters of their arguments. */
    private final AtomicLong waitingEvents = new AtomicLong();
    private final AtomicLong waitingChars = new AtomicLong();
    /** Whether a batch is being gathered or is in flight: whoever sets it sends the next one. */
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Function<List<String[]>, CompletionStage<LogHead>> send;
    private final Duration timeout;
    private volatile boolean closed;

    /**
     * @param send    appends a batch in one call, answering the epoch and the sequence of its last event, or
     *                failing with {@link EventLogUnavailableException} when Redis did not confirm it
     * @param timeout longest a caller waits for its answer
     */
    Appender(Function<List<String[]>, CompletionStage<LogHead>> send, Duration timeout) {
        this.send = send;
        this.timeout = timeout;
    }

    /**
     * Appends one event's script arguments, in a batch with whatever else is waiting.
     *
     * @return the log's epoch and this event's sequence; it fails with {@link EventLogUnavailableException}
     *         when Redis did not confirm it within the timeout (it may or may not have been stored)
     */
    CompletableFuture<LogHead> append(String[] fields) {
        return appendAll(List.<String[]>of(fields));
    }

    /**
     * Appends several events in one script call, whole and in order (with whatever else is waiting, when
     * they fit in one call together; past the bounds alone).
     *
     * @return the log's epoch and the sequence of the last of them (the others hold the ones before it); it
     *         fails with {@link EventLogUnavailableException} when Redis did not confirm them within the timeout
     *         (all of them may have been stored, or none)
     */
    CompletableFuture<LogHead> appendAll(List<String[]> events) {
        Waiting waiting = new Waiting(events);
        // One append larger than the bounds alone is taken when nothing else waits.
        long before = waitingChars.getAndAdd(waiting.chars());
        long beforeEvents = waitingEvents.getAndAdd(waiting.size());
        if (before > 0 && before + waiting.chars() > MAX_WAITING_CHARS
                || beforeEvents > 0 && beforeEvents + waiting.size() > MAX_WAITING_EVENTS) {
            waitingChars.addAndGet(-waiting.chars());
            waitingEvents.addAndGet(-waiting.size());
            return CompletableFuture.failedFuture(new EventLogUnavailableException("too many appends wait for Redis "
                    + "on this node (at most " + MAX_WAITING_EVENTS + " events and " + MAX_WAITING_CHARS
                    + " characters)", null));
        }
        queue.add(waiting);
        if (closed && queue.remove(waiting)) {
            taken(waiting);
            return CompletableFuture.failedFuture(new IllegalStateException("the event log is closed"));
        }
        // Times out by itself, whatever is in flight: it is left out of any batch not sent yet.
        CompletableFuture<LogHead> answer =
                waiting.done().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionally(this::unconfirmed);
        sendNext();
        return answer;
    }

    private LogHead unconfirmed(Throwable failure) {
        if (failure instanceof TimeoutException) {
            throw new EventLogUnavailableException("Redis did not confirm the append within " + timeout, failure);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException("the append failed", failure);
    }

    /**
     * Sends what waits, unless a batch is in flight already (its answer sends the next). Re-checks the queue
     * after letting go of the flag, so that an append queued just before is never left behind.
     */
    private void sendNext() {
        while (sending.compareAndSet(false, true)) {
            if (closed) {
                failAll("the event log is closed");
            } else {
                List<Waiting> batch = gather();
                if (!batch.isEmpty()) {
                    send(batch);
                    return;
                }
            }
            sending.set(false);
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    /**
     * What waits, in order, within the bounds; callers that stopped waiting are dropped, never sent (so
     * certainly not stored). Only the holder of {@link #sending} sends from the queue; a close empties it.
     */
    private List<Waiting> gather() {
        List<Waiting> batch = new ArrayList<>();
        long chars = 0;
        int events = 0;
        for (Waiting next = queue.peek(); next != null && (batch.isEmpty()
                || events + next.size() <= MAX_EVENTS && chars + next.chars() <= MAX_CHARS); next = queue.peek()) {
            // The one peeked, unless a closing appender failed it meanwhile (then the next, or none).
            Waiting taken = queue.poll();
            if (taken == null) {
                break;
            }
            taken(taken);
            if (!taken.done().isDone()) {
                batch.add(taken);
                chars += taken.chars();
                events += taken.size();
            }
        }
        return batch;
    }

    private void send(List<Waiting> batch) {
        List<String[]> events = new ArrayList<>();
        for (Waiting waiting : batch) {
            events.addAll(waiting.events());
        }
        CompletionStage<LogHead> sent;
        try {
            sent = send.apply(events);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((last, failure) -> {
            try {
                answer(batch, last, failure);
            } finally {
                sending.set(false);
                sendNext();
            }
        });
    }

    private static void answer(List<Waiting> batch, LogHead last, Throwable failure) {
        if (failure != null) {
            Throwable cause = CompletionFailures.cause(failure);
            // Redis's failure, or a defect: either way each caller learns it, and the writer goes on.
            if (!(cause instanceof EventLogUnavailableException)) {
                LOG.error("appending a batch of {} events failed", batch.size(), cause);
            }
            batch.forEach(waiting -> waiting.done().completeExceptionally(cause));
            return;
        }
        int events = 0;
        for (Waiting waiting : batch) {
            events += waiting.size();
        }
        long sequence = last.sequence() - events;
        for (Waiting waiting : batch) {
            sequence += waiting.size();
            waiting.done().complete(new LogHead(last.epoch(), sequence));
        }
    }

    private void failAll(String why) {
        for (Waiting waiting = queue.poll(); waiting != null; waiting = queue.poll()) {
            taken(waiting).done().completeExceptionally(new IllegalStateException(why));
        }
    }

    /** {@code waiting}, out of the queue now, no longer counts against what may wait. */
    private Waiting taken(Waiting waiting) {
        waitingChars.addAndGet(-waiting.chars());
        waitingEvents.addAndGet(-waiting.size());
        return waiting;
    }

    /** Later appends are refused, and those waiting are told so; a batch in flight is answered as Redis answers. */
    @Override
    public void close() {
        closed = true;
        failAll("the event log is closed");
    }
}
