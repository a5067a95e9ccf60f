package io.ssehub.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.glassfish.jersey.media.sse.InboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to the hub's event stream that outlives its connections: it remembers the id of the
 * last event it handled and resumes from it after any failure (a dropped connection, a 5xx, a refused
 * connection while the hub restarts, the hub closing the stream), waiting as {@link Backoff} says.
 * It stops for good only when closed, or when the hub's answer means retrying cannot help (see
 * {@link HubException}); then {@code onFailure} is told once, after {@link #isClosed()} became true.
 *
 * <p>Handlers run one at a time, in stream order, on the subscription's own thread
 * ({@code ssehub-client-stream-N}), which {@link #close()} never interrupts while a handler runs.
 * Open one with {@link HubClient#subscribe()}.
 */
public final class Subscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    /** How much longer than the wake interval {@link #close()} waits for the connection to be let go. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final StreamAttempt attempt;
    private final Handlers handlers;
    private final ClientSettings settings;
    private final Consumer<Subscription> onEnd;
    private final Thread thread;
    /** Set by close() or by the terminal failure: the first one wins, and nothing is retried after it. */
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guards {@link #waiting}, so that close() interrupts the thread only while it waits between attempts. */
    private final ReentrantLock waitLock = new ReentrantLock();
    /** The thread is in the sleeper. Guarded by {@link #waitLock}. */
    private boolean waiting;

    /** The id of the last event handled. Written only by the subscription's thread. */
    private volatile String lastEventId;
    /** Written once, by the subscription's thread, before it sets {@link #closed}. */
    private volatile HubException failure;
    /** The reconnection time of the SSE specification. Only the subscription's thread touches it. */
    private Duration retry;
    /**
     * The socket read timeout of the next attempt: the wake interval, doubled (up to the idle timeout) each
     * time the hub sends no response head within it, so a slow hub is waited for rather than abandoned
     * on every attempt. It never shrinks. Written only by the subscription's thread.
     */
    private volatile Duration patience;

    Subscription(StreamAttempt attempt, Optional<String> lastEventId, Handlers handlers, ClientSettings settings,
                 Consumer<Subscription> onEnd) {
        this.attempt = attempt;
        this.lastEventId = lastEventId.orElse(null);
        this.handlers = handlers;
        this.settings = settings;
        this.onEnd = onEnd;
        this.retry = settings.initialRetry();
        this.patience = settings.wakeInterval();
        this.thread = ClientThreads.stream(this::run);
    }

    void start() {
        thread.start();
    }

    /** The id of the last event whose handler returned; store it to resume a later subscription from there. */
    public Optional<String> lastEventId() {
        return Optional.ofNullable(lastEventId);
    }

    /** True once closed or stopped by a failure; a closed subscription never reconnects. */
    public boolean isClosed() {
        return closed.get();
    }

    /** The failure that stopped the subscription, if one did. */
    public Optional<HubException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops the subscription and closes its connection. Returns once the connection is closed and the
     * thread has ended, waiting at most the wake interval plus a second (more only for a hub so slow to
     * answer that the read timeout grew, see {@link ClientSettings#wakeInterval()}); no handler is called
     * after that. Idempotent; may be called from a handler.
     */
    @Override
    public void close() {
        requestClose();
        awaitEnd();
    }

    /** Stops the subscription without waiting for its thread; {@link #awaitEnd()} waits. */
    void requestClose() {
        if (closed.getAndSet(true)) {
            return;
        }
        // A read in progress notices within the wake interval (see WakingInputStream). The thread is interrupted
        // only while it waits between attempts: an interrupt inside a handler could break the caller's own I/O
        // (an interrupted FileChannel closes itself).
        waitLock.lock();
        try {
            if (waiting) {
                thread.interrupt();
            }
        } finally {
            waitLock.unlock();
        }
    }

    /** Waits for the thread to end, as {@link #close()} documents; returns at once on the thread itself. */
    void awaitEnd() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(patience.plus(CLOSE_GRACE).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int failures = 0;
        try {
            while (!closed.get()) {
                Disconnect end = attempt.run(lastEventId(), patience, closed::get, this::accept);
                if (closed.get()) {
                    return;
                }
                failures = end.streamed() ? 1 : failures + 1;
                if (end.unanswered()) {
                    Duration doubled = patience.multipliedBy(2);
                    patience = doubled.compareTo(settings.idleTimeout()) < 0 ? doubled : settings.idleTimeout();
                }
                Duration delay = settings.backoff().delay(failures, end.retryAfter().orElse(retry), settings.random());
                LOG.info("{}; reconnecting in {} ms{}", end.reason(), delay.toMillis(),
                        lastEventId == null ? "" : " to resume after " + lastEventId);
                pause(delay);
            }
        } catch (HubException e) {
            fail(e);
        } catch (InterruptedException e) {
            // close() interrupted the wait between attempts: the loop sees it is closed.
        } catch (RuntimeException e) {
            if (!closed.get()) {
                LOG.error("subscription stopped unexpectedly", e);
            }
        } finally {
            closed.set(true);
            onEnd.accept(this);
        }
    }

    /** Waits between attempts; close() interrupts this wait, and only this one. */
    private void pause(Duration delay) throws InterruptedException {
        waitLock.lock();
        try {
            if (closed.get()) {
                return;
            }
            waiting = true;
        } finally {
            waitLock.unlock();
        }
        try {
            settings.sleeper().sleep(delay);
        } finally {
            waitLock.lock();
            try {
                waiting = false;
                // An interrupt that arrived as the sleeper returned must not reach the next handler.
                Thread.interrupted();
            } finally {
                waitLock.unlock();
            }
        }
    }

    private void fail(HubException error) {
        if (closed.get()) {
            // Closed by its owner meanwhile: whatever failed after that is of no interest to anyone.
            return;
        }
        failure = error;
        closed.set(true);
        handlers.fail(error);
    }

    /** One block of the stream (WHATWG HTML, "Server-sent events", "dispatch the event"). */
    private void accept(InboundEvent block) {
        if (closed.get()) {
            // After close() no handler runs, and the position stays at the last event handled.
            return;
        }
        if (block.isReconnectDelaySet()) {
            retry = RetryAfter.cap(Duration.ofMillis(Math.max(0, block.getReconnectDelay())));
        }
        String id = block.getId();
        // Blocks without data (the opening retry hint, keep-alive comments) are not events.
        if (!block.isEmpty()) {
            handlers.dispatch(new HubEvent(Optional.ofNullable(id),
                    block.getName() == null ? HubEvent.DEFAULT_TYPE : block.getName(), block.readData()));
        }
        // Only after the handler returned: an event whose handler failed is delivered again on resume.
        // An event without an id keeps the last one, and an empty id forgets it, as in browsers.
        if (id != null) {
            lastEventId = id.isEmpty() ? null : id;
        }
    }
}
