package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.wire.SseFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A share of the subscribers and the one thread at a time that may touch them. Everything a subscriber
 * does, from its opening writes to its close, runs while its lane is held, so a subscriber's state needs no
 * lock and its events leave in log order. The lane's own thread holds it for everything it is handed; the
 * thread that hands over an event holds it for that event alone when nobody else does, nothing is queued
 * ahead and the event has few readers here ({@link #dispatch}).
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
    /**
     * The most readers the thread handing events over writes them to itself (a write is some microseconds):
     * an event for a user's own topic goes out at once, a broadcast to thousands waits for the lane's thread.
     */
    static final int HANDOVER_READERS = 8;
    /** The most events the thread handing one over takes from the inbox at once. */
    private static final int HANDOVER_EVENTS = 64;

    private final LinkedBlockingQueue<Task> inbox = new LinkedBlockingQueue<>();
    /**
     * Set by the one thread that may touch this lane's members, index and subscribers now. Setting and
     * clearing it orders everything one holder wrote before whatever the next one reads.
     */
    private final AtomicBoolean held = new AtomicBoolean();
    /** The lane's thread is parked, or about to check once more and park: work left for it must unpark it. */
    private volatile boolean sleeping;
    /** How often the lane's thread has parked; written by that thread only (for tests). */
    private volatile long parks;
    /** A replay turn is due: written by each holder as it lets go, so the lane's thread knows without holding. */
    private volatile boolean replayDue;
    /** The events being delivered. Holder only. */
    private final Batch batch = new Batch();
    /** The members, by the topics they read. Holder only. */
    private final TopicIndex index = new TopicIndex();
    /** The readers of the batch being delivered; emptied after each batch. Holder only. */
    private final List<Subscriber> readers = new ArrayList<>();
    /** Subscribers waiting for their next replay turn, in turn order. Holder only. */
    private final ArrayDeque<Subscriber> replaying = new ArrayDeque<>();
    /** How many subscribers this lane holds; written by the lane's holder only, read by any. */
    private final AtomicInteger members = new AtomicInteger();
    /** Frames waiting in this lane's subscribers' queues; changed by the lane's holder only, read by any. */
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

    /**
     * Queues an event for the subscribers of this lane that want it. When nobody holds the lane, the calling
     * thread takes it and writes the events at the head of the inbox itself if they have at most
     * {@link #HANDOVER_READERS} readers here: an event for one user's topic then costs no wake-up of the
     * lane's thread and no switch to it, on one core a good part of what a publish costs. Anything else (a
     * task ahead, more readers) is left to the lane's thread, woken for it.
     */
    void dispatch(Event event, SseFrame frame) {
        inbox.add(new Deliver(event, frame));
        if (!held.compareAndSet(false, true)) {
            return; // the holder finds it when it lets go
        }
        try {
            deliverHeadEvents();
        } finally {
            letGo();
        }
        wakeIfWorkLeft();
    }

    /** Holder: the events at the head of the inbox, if they have few enough readers; else none of them. */
    private void deliverHeadEvents() {
        int events = 0;
        for (Task task : inbox) {
            if (!(task instanceof Deliver deliver) || events == HANDOVER_EVENTS) {
                break;
            }
            batch.add(deliver.event(), deliver.frame());
            events++;
        }
        if (events == 0) {
            return;
        }
        index.readersOf(batch, readers);
        if (readers.size() > HANDOVER_READERS) {
            readers.clear();
            batch.clear();
            return;
        }
        for (int i = 0; i < events; i++) {
            inbox.poll(); // the events just batched: only a holder takes from the inbox
        }
        writeToReaders(batch);
    }

    /** Holder, last: tells the lane's thread whether a replay turn is due, then lets the lane go. */
    private void letGo() {
        replayDue = !replaying.isEmpty();
        held.set(false);
    }

    /** After letting go: unparks the lane's thread if anything is left for it. */
    private void wakeIfWorkLeft() {
        if (!inbox.isEmpty() || replayDue) {
            wake();
        }
    }

    /** After leaving work: unparks the lane's thread if it sleeps, or is about to check once more and sleep. */
    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Events and tasks handed to this lane and not yet taken up: how far it is behind the dispatcher. */
    int backlog() {
        return inbox.size();
    }

    /** Runs {@code task} on this lane's thread, after what is already queued. */
    void execute(Runnable task) {
        inbox.add(new Run(task));
        wake();
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

    /** Holder only: {@code subscriber} is a member from now until {@link #remove}. */
    void add(Subscriber subscriber) {
        if (index.add(subscriber)) {
            members.set(index.size());
        }
    }

    /** Holder only; takes time in the subscriber's topics, not in the lane's members (see {@link TopicIndex}). */
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

    /** Nobody holds the lane and its thread is parked: what is handed over next finds the lane free (for tests). */
    boolean resting() {
        return !held.get() && parked();
    }

    /** How often the lane's thread has gone to sleep so far (for tests). */
    long parks() {
        return parks;
    }

    /** The lane's thread is parked now (for tests). */
    boolean parked() {
        return thread.getState() == Thread.State.WAITING;
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

    /** Holder only: a subscriber's queue grew (or shrank) by {@code frames}. */
    void queued(int frames) {
        queuedFrames.addAndGet(frames);
    }

    /** Frames waiting in the queues of this lane's subscribers. */
    long queuedFrames() {
        return queuedFrames.get();
    }

    /** Holder only: {@code subscriber} writes the next slice of its replay on its next turn. */
    void replayInTurn(Subscriber subscriber) {
        replaying.add(subscriber);
    }

    /** Stops the thread after what is queued. */
    void stop() {
        inbox.add(new Stop());
        wake();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        List<Task> work = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            if (held.compareAndSet(false, true)) {
                try {
                    if (!turn(work)) {
                        return;
                    }
                } finally {
                    work.clear();
                    letGo();
                }
            }
            sleepUnlessWorkLeft();
        }
    }

    /** Holder: the inbox first, every turn (a replay turn waits for live batches and tasks, never the reverse). */
    private boolean turn(List<Task> work) {
        Task first = inbox.poll();
        if (first != null) {
            work.add(first);
            inbox.drainTo(work);
            if (!handle(work)) {
                return false;
            }
        }
        replayTurn();
        return true;
    }

    /**
     * Parks the lane's thread while another thread holds the lane or nothing is left for it. Whoever leaves
     * work reads {@link #sleeping} after leaving it, and this thread reads the work after setting it: one of
     * the two sees the other, so no work is left with the thread parked.
     */
    private void sleepUnlessWorkLeft() {
        sleeping = true;
        if (held.get() || (inbox.isEmpty() && !replayDue)) {
            parks++;
            LockSupport.park(this);
        }
        sleeping = false;
    }

    /** Delivers the events and runs the tasks taken from the inbox, in order; @return false at a {@link Stop}. */
    private boolean handle(List<Task> work) {
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
     * Holder only (and benchmarks of a lane whose thread never started): writes the batch to the members that
     * read at least one of its events, each once, and to no other member.
     */
    void deliver(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        // The readers are picked before any is written to: a reader that closes while being written to leaves
        // the index, not this list, and one that closed earlier in the loop takes nothing (it is ending).
        index.readersOf(batch, readers);
        writeToReaders(batch);
    }

    /** Holder: writes the batch to {@link #readers}, chosen for it, then empties both. */
    private void writeToReaders(Batch batch) {
        if (writtenNow.length < batch.size()) {
            writtenNow = new int[Math.max(batch.size(), writtenNow.length * 2)];
        }
        Arrays.fill(writtenNow, 0, batch.size(), 0);
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
