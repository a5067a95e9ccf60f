package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.wire.SseFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writing thread and the subscribers it owns. Everything a subscriber does, from its opening writes
 * to its close, runs here, so a subscriber's state needs no lock and its events leave in log order.
 *
 * <p>Events reach a lane once each, not once per subscriber: the dispatcher hands over an event and the
 * lane writes it to every subscriber it owns. Whatever has piled up in the inbox when the lane gets to it
 * is delivered as one batch, so a busy lane writes several events to a connection in one write (and an
 * idle one writes each event at once: batching never waits).
 *
 * <p>Replays are paced: a resuming subscriber writes one slice of its replay per turn, the subscribers
 * with replay left take their turns in rotation, and before every turn the lane handles whatever is in its
 * inbox. A connection that takes everything at once (Grizzly's write queue, a client reading fast over
 * loopback) would otherwise keep the lane on one replay until it was whole, and a storm of resuming
 * clients would hold every live event on the lane behind all of their replays.
 */
final class Lane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final Object STOP = new Object();

    private record Dispatched(Event event, SseFrame frame) {
    }

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    /** Touched only by this lane's thread. */
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** Subscribers waiting for their next replay turn, in turn order. Touched only by this lane's thread. */
    private final ArrayDeque<Subscriber> replaying = new ArrayDeque<>();
    /** How many subscribers this lane holds; written by the lane's thread only, read by any. */
    private final java.util.concurrent.atomic.AtomicInteger members = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;
    private final FanoutObserver observer;
    /** Per event of the batch being delivered: streams it was written to at once. */
    private int[] writtenNow = new int[16];

    /** @param onDeath told if the lane's thread dies (of an Error: it catches every RuntimeException) */
    Lane(String name, FanoutObserver observer, Thread.UncaughtExceptionHandler onDeath) {
        this.thread = HubThreads.named(name, onDeath).newThread(this);
        this.observer = observer;
    }

    void start() {
        thread.start();
    }

    /** Queues an event for every subscriber of this lane (that wants its topic). */
    void dispatch(Event event, SseFrame frame) {
        inbox.add(new Dispatched(event, frame));
    }

    /** Events and tasks handed to this lane and not yet taken up: how far it is behind the dispatcher. */
    int backlog() {
        return inbox.size();
    }

    /** Runs {@code task} on this lane's thread, after what is already queued. */
    void execute(Runnable task) {
        inbox.add(task);
    }

    /** Runs {@code action} for every subscriber of this lane, on the lane's thread. */
    void forEachSubscriber(Consumer<Subscriber> action) {
        execute(() -> List.copyOf(subscribers).forEach(action));
    }

    /** Lane thread only. */
    void add(Subscriber subscriber) {
        subscriber.laneIndex(subscribers.size());
        subscribers.add(subscriber);
        members.set(subscribers.size());
    }

    /** Subscribers this lane holds now. */
    int members() {
        return members.get();
    }

    /** Lane thread only; constant time (the last subscriber takes the removed one's place). */
    void remove(Subscriber subscriber) {
        int index = subscriber.laneIndex();
        if (index < 0 || index >= subscribers.size() || subscribers.get(index) != subscriber) {
            return;
        }
        Subscriber last = subscribers.remove(subscribers.size() - 1);
        if (last != subscriber) {
            subscribers.set(index, last);
            last.laneIndex(index);
        }
        subscriber.laneIndex(-1);
        members.set(subscribers.size());
    }

    /** Lane thread only: {@code subscriber} writes the next slice of its replay on its next turn. */
    void replayInTurn(Subscriber subscriber) {
        replaying.add(subscriber);
    }

    /** Stops the thread after what is queued. */
    void stop() {
        inbox.add(STOP);
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        List<Object> work = new ArrayList<>();
        Batch batch = new Batch();
        try {
            while (true) {
                // The inbox first, every turn: a replay turn waits for live batches and tasks, never the reverse.
                Object first = replaying.isEmpty() ? inbox.take() : inbox.poll();
                if (first != null) {
                    work.add(first);
                    inbox.drainTo(work);
                    if (!handle(work, batch)) {
                        return;
                    }
                    work.clear();
                }
                replayTurn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers the events and runs the tasks taken from the inbox, in order; @return false at {@link #STOP}. */
    private boolean handle(List<Object> work, Batch batch) {
        for (Object item : work) {
            if (item instanceof Dispatched dispatched) {
                batch.add(dispatched.event(), dispatched.frame());
                continue;
            }
            deliver(batch);
            if (item == STOP) {
                return false;
            }
            run((Runnable) item);
        }
        deliver(batch);
        return true;
    }

    private void deliver(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (writtenNow.length < batch.size()) {
            writtenNow = new int[Math.max(batch.size(), writtenNow.length * 2)];
        }
        java.util.Arrays.fill(writtenNow, 0, batch.size(), 0);
        // Indexed loop: a subscriber that closes while being written to leaves the list in place of the last.
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber subscriber = subscribers.get(i);
            try {
                subscriber.deliver(batch, writtenNow);
            } catch (RuntimeException e) {
                LOG.error("writing to a stream failed; closing it", e);
                subscriber.close(e);
            }
            if (i < subscribers.size() && subscribers.get(i) != subscriber) {
                i--;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (writtenNow[i] > 0) {
                observer.delivered(batch.event(i), writtenNow[i]);
            }
        }
        batch.clear();
    }

    /** The next subscriber in the rotation writes one slice of its replay (and takes its place again if more is left). */
    private void replayTurn() {
        Subscriber next = replaying.poll();
        if (next == null) {
            return;
        }
        try {
            next.replayTurn();
        } catch (RuntimeException e) {
            LOG.error("replaying to a stream failed; closing it", e);
            next.close(e);
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("a fan-out task failed", e);
        }
    }
}
