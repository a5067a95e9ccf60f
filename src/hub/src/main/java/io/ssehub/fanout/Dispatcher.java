package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.eventlog.Tail;
import io.ssehub.eventlog.TailOverrunException;
import io.ssehub.wire.SseFrame;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log driving the fan-out: events come in log order, each is encoded once and handed to every lane,
 * which writes it to the subscribers it owns. They come one of two ways: told by the log as it appends them,
 * on the appending thread ({@link #appended}, a log in this process), or read from its tail by a thread of
 * the dispatcher's own ({@link #readTail}, a log other processes append to). Either way one source in one
 * order is what makes every subscriber see one order, whatever the number of concurrent publishers.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long one read waits before checking whether the hub is stopping. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final Lane[] lanes;
    private final Runnable onOverrun;
    private volatile boolean running = true;

    /** @param onOverrun run when events went by unread (the tail fell behind the log's capacity) */
    Dispatcher(Lane[] lanes, Runnable onOverrun) {
        this.lanes = lanes;
        this.onOverrun = onOverrun;
    }

    void stop() {
        running = false;
    }

    /** The events the log has just appended, on the appending thread: handed to the lanes, never waiting. */
    void appended(List<Event> events) {
        if (!running) {
            return;
        }
        try {
            deliver(events);
        } catch (RuntimeException e) {
            // The append stands: its event stays in the log for the streams that resume.
            LOG.error("delivering an event failed; continuing with the next ones", e);
        }
    }

    /** The loop of the thread that reads {@code tail} until the dispatcher stops. */
    void readTail(Tail tail) {
        while (running) {
            try {
                deliver(tail.next(POLL));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (TailOverrunException e) {
                LOG.warn("{}; closing every stream so clients resume from the log", e.getMessage());
                onOverrun.run();
            } catch (RuntimeException e) {
                LOG.error("delivering events failed; continuing with the next ones", e);
            }
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
