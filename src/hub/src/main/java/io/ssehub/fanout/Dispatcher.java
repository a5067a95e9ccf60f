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
 * The log's tail driving the fan-out: one thread reads events in log order, encodes each once and
 * hands it to every lane, which writes it to the subscribers it owns. Being the only reader is what
 * makes every subscriber see one order, whatever the number of concurrent publishers.
 */
final class Dispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long one read waits before checking whether the hub is stopping. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final Tail tail;
    private final Lane[] lanes;
    private final Runnable onOverrun;
    private volatile boolean running = true;

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
