package io.ssehub.eventlog.redis;

import io.ssehub.eventlog.EventLogUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one writer to the log (group commit): a thread that takes every append waiting at that moment
 * and sends them as one batch, one round trip and one script run in Redis, then hands each caller its
 * sequence. While a batch is in flight the next one gathers, so the more publishers append at once, the more
 * each round trip carries; a lone publisher waits for one round trip, as before. One script call per append
 * cost Redis about 37 µs each (its {@code INFO commandstats} under the multi-node benchmark) and every node's
 * tail one more {@code XREAD}.
 *
 * <p>A batch is bounded ({@link #MAX_EVENTS}, {@link #MAX_CHARS}) so that one script call never nears
 * Redis's limits on a request and never holds Redis (which runs a script alone) long enough to delay the
 * others; an event larger than the bound goes alone. A caller is answered within the command timeout from the
 * moment it asked, whatever was in flight before it: then its append is withdrawn if it was not yet sent,
 * and either way it is told the outcome is unknown ({@link EventLogUnavailableException}, a 503). Callers
 * are answered on the writer's thread (or, on a timeout, the JDK's delay thread): what they chain must not
 * block. What waits is bounded too ({@link #MAX_WAITING_EVENTS}, {@link #MAX_WAITING_CHARS}): past that an
 * append is refused at once, as unavailable, rather than held in memory for a Redis that cannot keep up.
 * Thread-safe: the queue and its counts are the only state callers share with the writer.
 */
final class Appender implements AutoCloseable {

    /** Most events in one script call: about 100 × 10 µs of {@code XADD} in Redis, well under a millisecond. */
    static final int MAX_EVENTS = 100;
    /** Most characters of arguments in one script call: far below Redis's 512 MB per request. */
    static final int MAX_CHARS = 1 << 20;

    /** Most appends waiting for the writer: a hundred full batches. */
    static final int MAX_WAITING_EVENTS = 10_000;
    /** Most characters of arguments waiting for the writer: about a thousand publishes of the default 64 KiB. */
    static final long MAX_WAITING_CHARS = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Appender.class);

    /** One caller's append: its script arguments, and where the writer puts its sequence. */
    private record Waiting(String[] fields, long chars, CompletableFuture<LogHead> done) {

        Waiting(String[] fields) {
            this(fields, chars(fields), new CompletableFuture<>());
        }

        private static long chars(String[] fields) {
            long chars = 0;
            for (String field : fields) {
                chars += field.length();
            }
            return chars;
        }
    }

    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>(MAX_WAITING_EVENTS);
    /** Characters of the appends in {@link #queue}. */
    private final AtomicLong waitingChars = new AtomicLong();
    private final Function<List<String[]>, LogHead> send;
    private final Duration timeout;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param send    appends a batch in one call, answering the epoch and the sequence of its last event;
     *                throws {@link EventLogUnavailableException} when Redis did not confirm it
     * @param timeout longest a caller waits for its answer
     */
    Appender(String name, Function<List<String[]>, LogHead> send, Duration timeout) {
        this.send = send;
        this.timeout = timeout;
        this.writer = new Thread(this::write, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Appends one event's script arguments, in a batch with whatever else is waiting.
     *
     * @return the log's epoch and this event's sequence; it fails with {@link EventLogUnavailableException}
     *         when Redis did not confirm it within the timeout (it may or may not have been stored)
     */
    CompletableFuture<LogHead> append(String[] fields) {
        Waiting waiting = new Waiting(fields);
        // One append larger than the bound alone is taken when nothing else waits.
        long before = waitingChars.getAndAdd(waiting.chars());
        if (before > 0 && before + waiting.chars() > MAX_WAITING_CHARS || !queue.offer(waiting)) {
            waitingChars.addAndGet(-waiting.chars());
            return CompletableFuture.failedFuture(new EventLogUnavailableException("too many appends wait for Redis "
                    + "on this node (at most " + MAX_WAITING_EVENTS + " events and " + MAX_WAITING_CHARS
                    + " characters)", null));
        }
        if (closed && queue.remove(waiting)) {
            taken(waiting);
            return CompletableFuture.failedFuture(new IllegalStateException("the event log is closed"));
        }
        // Times out by itself, whatever is in flight: the writer leaves it out of any batch it has not sent yet.
        return waiting.done().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionally(this::unconfirmed);
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

    private void write() {
        List<Waiting> batch = new ArrayList<>(MAX_EVENTS);
        while (!closed) {
            try {
                batch.add(taken(queue.take()));
            } catch (InterruptedException e) {
                break;
            }
            gather(batch);
            // Withdrawn by callers that stopped waiting: never sent, so certainly not stored.
            batch.removeIf(waiting -> waiting.done().isDone());
            if (!batch.isEmpty()) {
                send(batch);
            }
            batch.clear();
        }
        failAll("the event log is closed");
    }

    /** Adds what waits behind the first of {@code batch}, within the bounds; one consumer, so peek holds. */
    private void gather(List<Waiting> batch) {
        long chars = batch.get(0).chars();
        for (Waiting next = queue.peek(); next != null && batch.size() < MAX_EVENTS
                && chars + next.chars() <= MAX_CHARS; next = queue.peek()) {
            batch.add(taken(queue.poll()));
            chars += next.chars();
        }
    }

    private void send(List<Waiting> batch) {
        List<String[]> events = new ArrayList<>(batch.size());
        for (Waiting waiting : batch) {
            events.add(waiting.fields());
        }
        LogHead last;
        try {
            last = send.apply(events);
        } catch (RuntimeException e) {
            // Redis's failure, or a defect: either way each caller learns it, and the writer goes on.
            if (!(e instanceof EventLogUnavailableException)) {
                LOG.error("appending a batch of {} events failed", batch.size(), e);
            }
            batch.forEach(waiting -> waiting.done().completeExceptionally(e));
            return;
        }
        long first = last.sequence() - batch.size() + 1;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(new LogHead(last.epoch(), first + i));
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
        return waiting;
    }

    /** Stops the writer: a batch in flight is abandoned (its callers learn so), later appends are refused. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll("the event log is closed");
    }
}
