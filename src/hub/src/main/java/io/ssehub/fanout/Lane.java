package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.wire.SseFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writing thread and the subscribers it owns. Everything a subscriber does, from its opening writes
 * to its close, runs here, so a subscriber's state needs no lock and its events leave in log order.
 *
 * <p>Events reach a lane once each, not once per subscriber: the dispatcher hands over an event and the
 * lane writes it to the subscribers it owns that read its topic, found in its {@link TopicIndex}, so an
 * event costs work for its readers, not for every connection. Whatever has piled up in the inbox when the
 * lane gets to it is delivered as one batch, so a busy lane writes several events to a connection in one
 * write (and an idle one writes each event at once: batching never waits).
 *
 * <p>Replays are paced: a resuming subscriber writes one slice of its replay per turn, the subscribers
 * with replay left take their turns in rotation, and before every turn the lane handles whatever is in its
 * inbox. A connection that takes everything at once (Grizzly's write queue, a client reading fast over
 * loopback) would otherwise keep the lane on one replay until it was whole, and a storm of resuming
 * clients would hold every live event on the lane behind all of their replays.
 *
 * <p>The lanes are the hub's only record of who is subscribed: a subscriber is a member of its lane from
 * its opening to its close, and counts read from other threads come from counters only the lane writes.
 */
final class Lane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    /** What the inbox carries: events to deliver, tasks to run, and the order to stop. */
    private sealed interface Task permits Deliver, Run, Stop {
    }

    private record Deliver(Event event, SseFrame frame) implements Task {
    }

    private record Run(Runnable action) implements Task {
    }

    private record Stop() implements Task {
    }

    /** Subscribers a periodic round visits per task ({@link #forEachSubscriberInSlices}). */
    static final int ROUND_SLICE = 256;

    private final LinkedBlockingQueue<Task> inbox = new LinkedBlockingQueue<>();
    /** The members, by the topics they read. Touched only by this lane's thread. */
    private final TopicIndex index = new TopicIndex();
    /** The readers of the batch being delivered; emptied after each batch. Lane thread only. */
    private final List<Subscriber> readers = new ArrayList<>();
    /** Subscribers waiting for their next replay turn, in turn order. Touched only by this lane's thread. */
    private final ArrayDeque<Subscriber> replaying = new ArrayDeque<>();
    /** How many subscribers this lane holds; written by the lane's thread only, read by any. */
    private final AtomicInteger members = new AtomicInteger();
    /** Frames waiting in this lane's subscribers' queues; changed by the lane's thread only, read by any. */
    private final AtomicLong queuedFrames = new AtomicLong();
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

    /** Queues an event for the subscribers of this lane that want it. */
    void dispatch(Event event, SseFrame frame) {
        inbox.add(new Deliver(event, frame));
    }

    /** Events and tasks handed to this lane and not yet taken up: how far it is behind the dispatcher. */
    int backlog() {
        return inbox.size();
    }

    /** Runs {@code task} on this lane's thread, after what is already queued. */
    void execute(Runnable task) {
        inbox.add(new Run(task));
    }

    /** Runs {@code action} for every subscriber of this lane, on the lane's thread, in one task. */
    void forEachSubscriber(Consumer<Subscriber> action) {
        execute(() -> index.members().forEach(action));
    }

    /**
     * Runs {@code action} for every subscriber of this lane, on the lane's thread, {@link #ROUND_SLICE} of them
     * per task, each slice queued behind what arrived meanwhile: a periodic round over many thousands of
     * streams (keep-alives, the stall check) then holds events back by one slice, not by the whole round
     * (writing a keep-alive to 10,000 streams takes a core tens of milliseconds). Subscribers that join after
     * the round began are not visited; one that ends meanwhile is (the actions check its state).
     */
    void forEachSubscriberInSlices(Consumer<Subscriber> action) {
        execute(() -> roundFrom(index.members(), 0, action));
    }

    private void roundFrom(List<Subscriber> round, int from, Consumer<Subscriber> action) {
        int to = Math.min(round.size(), from + ROUND_SLICE);
        for (int i = from; i < to; i++) {
            action.accept(round.get(i));
        }
        if (to < round.size()) {
            execute(() -> roundFrom(round, to, action));
        }
    }

    /** Lane thread only: {@code subscriber} is a member from now until {@link #remove}. */
    void add(Subscriber subscriber) {
        if (index.add(subscriber)) {
            members.set(index.size());
        }
    }

    /** Lane thread only; takes time in the subscriber's topics, not in the lane's members (see {@link TopicIndex}). */
    void remove(Subscriber subscriber) {
        if (!index.remove(subscriber)) {
            return;
        }
        if (index.size() == 0) {
            synchronized (members) {
                members.set(0);
                members.notifyAll();
            }
        } else {
            members.set(index.size());
        }
    }

    /** Subscribers this lane holds now. */
    int members() {
        return members.get();
    }

    /** Waits until this lane holds no subscriber or {@code deadlineNanos} (of {@link System#nanoTime}) passes. */
    boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        synchronized (members) {
            while (members.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(members, left);
            }
            return true;
        }
    }

    /** Lane thread only: a subscriber's queue grew (or shrank) by {@code frames}. */
    void queued(int frames) {
        queuedFrames.addAndGet(frames);
    }

    /** Frames waiting in the queues of this lane's subscribers. */
    long queuedFrames() {
        return queuedFrames.get();
    }

    /** Lane thread only: {@code subscriber} writes the next slice of its replay on its next turn. */
    void replayInTurn(Subscriber subscriber) {
        replaying.add(subscriber);
    }

    /** Stops the thread after what is queued. */
    void stop() {
        inbox.add(new Stop());
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        List<Task> work = new ArrayList<>();
        Batch batch = new Batch();
        try {
            while (true) {
                // The inbox first, every turn: a replay turn waits for live batches and tasks, never the reverse.
                Task first = replaying.isEmpty() ? inbox.take() : inbox.poll();
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

    /** Delivers the events and runs the tasks taken from the inbox, in order; @return false at a {@link Stop}. */
    private boolean handle(List<Task> work, Batch batch) {
        for (Task task : work) {
            // Java 17 has no pattern switch: the sealed interface still makes these three the only cases.
            if (task instanceof Deliver deliver) {
                batch.add(deliver.event(), deliver.frame());
                continue;
            }
            deliver(batch);
            if (task instanceof Run run) {
                run(run.action());
            } else {
                return false;
            }
        }
        deliver(batch);
        return true;
    }

    /**
     * Lane thread only (and benchmarks of a lane whose thread never started): writes the batch to the
     * members that read at least one of its events, each once, and to no other member.
     */
    void deliver(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (writtenNow.length < batch.size()) {
            writtenNow = new int[Math.max(batch.size(), writtenNow.length * 2)];
        }
        Arrays.fill(writtenNow, 0, batch.size(), 0);
        // The readers are picked before any is written to: a reader that closes while being written to leaves
        // the index, not this list, and one that closed earlier in the loop takes nothing (it is ending).
        index.readersOf(batch, readers);
        try {
            for (int i = 0; i < readers.size(); i++) {
                Subscriber subscriber = readers.get(i);
                try {
                    subscriber.deliver(batch, writtenNow);
                } catch (RuntimeException e) {
                    LOG.error("writing to a stream failed; closing it", e);
                    subscriber.close(e);
                }
            }
        } finally {
            readers.clear();
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
