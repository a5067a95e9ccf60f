package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.eventlog.Tail;
import io.ssehub.eventlog.TailOverrunException;
import io.ssehub.wire.SseFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's tail driving the fan-out: one thread at a time reads events in log order, encodes each once
 * and hands it to every lane, which writes it to the subscribers it owns. Being the only reader at any
 * moment is what makes every subscriber see one order, whatever the number of concurrent publishers.
 *
 * <p>The reader is a thread of its own ({@link #run}) for a log other processes append to, or, for a log
 * that nudges its reader after each append ({@link #appended}), whichever appending thread finds nobody
 * else reading: no thread to wake for each event.
 */
final class Dispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long one read waits before checking whether the hub is stopping. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final Tail tail;
    private final Lane[] lanes;
    private final Runnable onOverrun;
    private volatile boolean running = true;
    /** Whether a thread is reading the tail in {@link #appended}; the one that sets it reads. */
    private final AtomicBoolean reading = new AtomicBoolean();
    /** Appends not yet known to be read: set by each nudge, cleared by the reader before it reads. */
    private final AtomicBoolean unread = new AtomicBoolean();

    /** @param onOverrun run when events went by unread (the tail fell behind the log's capacity) */
    Dispatcher(Tail tail, Lane[] lanes, Runnable onOverrun) {
        this.tail = tail;
        this.lanes = lanes;
        this.onOverrun = onOverrun;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                read(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The log's nudge after an append, on the appending thread: reads and delivers everything appended so
     * far unless another thread is reading, which then delivers this append too. An append that comes while
     * the reader is between its last read and giving up the tail sets {@link #unread} and finds the tail
     * taken; the reader sees the flag once it has let go, and reads again (or another appender does).
     */
    void appended() {
        unread.set(true);
        while (running && unread.get() && reading.compareAndSet(false, true)) {
            try {
                unread.set(false);
                read(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                reading.set(false);
            }
        }
    }

    /** Delivers what the tail holds, waiting up to {@code wait} for something; the hub goes on whatever fails. */
    private void read(Duration wait) throws InterruptedException {
        try {
            deliver(tail.next(wait));
        } catch (TailOverrunException e) {
            LOG.warn("{}; closing every stream so clients resume from the log", e.getMessage());
            onOverrun.run();
        } catch (RuntimeException e) {
            LOG.error("delivering events failed; continuing with the next ones", e);
        }
    }

    private void deliver(List<Event> events) {
        for (Event event : events) {
            SseFrame frame = SseFrame.event(event.id().text(), event.type(), event.data(), event.retry().orElse(null));
            for (Lane lane : lanes) {
                lane.dispatch(event, frame);
            }
        }
    }
}
