package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;

/**
 * One open stream: what it asked for, what is waiting for it and what it has been sent. Confined to
 * its {@link Lane}: every method runs while the lane is held, by one thread at a time (the lane's own, or
 * one handing over an event), so none needs a lock.
 *
 * <p>While its output is ready, events are written the moment they arrive. When the output is not
 * (the client reads slowly), they wait here, bounded in events and bytes, and go out joined when the
 * output drains; a subscriber whose queue overflows, or whose output stays full longer than the write
 * timeout, is cut off with a notice and a retry hint, and resumes from the log. Replayed events leave
 * first, from the log itself (they are not copied into the queue nor counted against it), one slice per
 * turn of the lane (see {@link Lane}); live events that arrive meanwhile wait in the queue.
 *
 * <p>Its life is a {@link State}; every change of state goes through {@link #moveTo}. It joins its lane's
 * members when it opens and leaves them when it closes, and however it ends (closed by either side, cut,
 * or released at shutdown), even before it opened, it gives back its place and its timer exactly once.
 */
final class Subscriber {

    /** Joined writes stop growing at about this size. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;
    /**
     * A replay leaves in slices of about this size, one per turn of the lane, with the lane's inbox handled
     * between turns: so a live event on the lane waits for one slice, not for whole replays. One slice is one
     * full joined write, so pacing adds no writes.
     */
    private static final int REPLAY_SLICE_BYTES = MAX_WRITE_BYTES;
    /** Position of frames that are not log events (comments, notices). */
    private static final long NO_POSITION = Long.MIN_VALUE;

    /** A stream's life: each state says what the stream does with what it is given. */
    enum State {
        /** Made on the request thread, not yet opened by its lane: not a member, writes nothing. */
        OPENING,
        /** A member of its lane; writes as soon as the output takes it (its replay first, in turns). */
        LIVE,
        /** The output is full: events wait in the bounded queue until the output drains. */
        QUEUING,
        /** Its last frame is set: what is queued goes out, then the farewell, then it closes. Takes nothing new. */
        CLOSING,
        /** Ended: left its lane, gave back its place and its timer. Final. */
        CLOSED
    }

    /**
     * What every subscriber of one fan-out shares.
     *
     * @param clock what the stall timeout is measured against
     */
    record Commons(QueueLimits limits, Notices notices, Clock clock, FanoutObserver observer) {
    }

    private record Queued(SseFrame frame, Event event) {
        long position() {
            return event == null ? NO_POSITION : event.id().position();
        }
    }

    private final StreamOutput output;
    private final Subscription subscription;
    private final StreamTerms terms;
    private final QueueLimits limits;
    private final Notices notices;
    private final Clock clock;
    private final Lane lane;
    private final FanoutObserver observer;

    private State state = State.OPENING;
    /** Events and notices waiting for the output; made on first need (most streams never queue). */
    private ArrayDeque<Queued> queue;
    private int queuedBytes;
    /** The queue's length as last reported to the lane (which sums its members' for the gauge). */
    private int queuedCount;
    /** Ends the stream at its deadline; cancelled when it ends first. */
    private Future<?> deadline;
    /** What is left of the replay, null once it is all written; written before anything queued. */
    private Iterator<Event> replay;
    /** Log position of the newest event sent, or covered by the replay (later live copies are skipped). */
    private long sentPosition = NO_POSITION;
    /** The output was asked to call back when it drains (while queuing, or closing behind a full output). */
    private boolean waiting;
    /** When the output was asked to call back, in {@link Clock#millis()}. */
    private long waitingSince;
    /** Last frame before the stream ends, set on entering {@link State#CLOSING}. */
    private SseFrame farewell;
    /** Events were written since the last keep-alive round, which then needs to send this stream nothing. */
    private boolean wroteSinceKeepAlive;

    Subscriber(StreamOutput output, Subscription subscription, StreamTerms terms, Commons commons, Lane lane) {
        this.output = output;
        this.subscription = subscription;
        this.terms = terms;
        this.limits = commons.limits();
        this.notices = commons.notices();
        this.clock = commons.clock();
        this.observer = commons.observer();
        this.lane = lane;
    }

    Lane lane() {
        return lane;
    }

    Subscription subscription() {
        return subscription;
    }

    State state() {
        return state;
    }

    /**
     * The one place a state changes. Closed is final; nothing goes back to opening; a stream that is
     * closing only closes.
     */
    private void moveTo(State next) {
        boolean allowed = switch (state) {
            case OPENING -> next == State.LIVE || next == State.CLOSED;
            case LIVE -> next == State.QUEUING || next == State.CLOSING || next == State.CLOSED;
            case QUEUING -> next == State.LIVE || next == State.CLOSING || next == State.CLOSED;
            case CLOSING -> next == State.CLOSED;
            case CLOSED -> false;
        };
        if (!allowed) {
            throw new IllegalStateException(this + ": " + state + " -> " + next);
        }
        state = next;
    }

    private boolean ending() {
        return state == State.CLOSING || state == State.CLOSED;
    }

    /** Lane thread: the timer that ends this stream at its deadline; cancelled at once if it has ended. */
    void deadline(Future<?> timer) {
        if (state == State.CLOSED) {
            timer.cancel(false);
        } else {
            this.deadline = timer;
        }
    }

    /**
     * The opening: the greeting, then, when the stream cannot continue seamlessly, a reset notice, then
     * what the log holds after the point the stream starts from; live events already queued or still to
     * come are sent after, minus those the replay covers.
     *
     * @param resetNotice the reset notice when the replay starts after a gap, else null
     * @param startAt     log position the stream starts after when nothing is replayed
     */
    void open(SseFrame greeting, Replay replay, SseFrame resetNotice, long startAt) {
        if (state != State.OPENING) {
            // Closed before its lane got to it (its client left at once): it never joins the lane.
            return;
        }
        moveTo(State.LIVE);
        lane.add(this);
        sentPosition = Math.max(sentPosition, startAt);
        List<Event> events = replay.events();
        if (!events.isEmpty()) {
            sentPosition = Math.max(sentPosition, events.get(events.size() - 1).id().position());
            this.replay = events.iterator();
            dropQueuedUpTo(sentPosition);
        }
        List<SseFrame> first = new ArrayList<>(2);
        first.add(greeting);
        if (resetNotice != null) {
            first.add(resetNotice);
        }
        output.write(first);
        writeOn();
    }

    /**
     * This stream's turn in the lane's replay rotation: one slice of the replay if the output takes it, then
     * back in line, or on to the queue once the replay is whole.
     */
    void replayTurn() {
        if (state == State.CLOSED || waiting || replay == null) {
            return;
        }
        if (!output.ready()) {
            awaitOutput();
            return;
        }
        List<SseFrame> slice = nextReplaySlice();
        if (!slice.isEmpty()) {
            write(slice);
        }
        writeOn();
    }

    /** What comes next: the replay's next turn while any of it is left, else the queue. */
    private void writeOn() {
        if (replay != null) {
            lane.replayInTurn(this);
        } else {
            flush();
        }
    }

    /**
     * The lane's events: written now when the output is ready and nothing waits, else queued.
     *
     * @param writtenNow counts, per event of the batch, the streams it was written to right away
     */
    void deliver(Batch batch, int[] writtenNow) {
        if (state == State.OPENING || ending()) {
            // Only a lane's members are delivered to; a stream that is ending takes nothing new.
            return;
        }
        if (replay == null && !waiting && (queue == null || queue.isEmpty())
                && batch.bytes() <= MAX_WRITE_BYTES && output.ready()) {
            writeNow(batch, writtenNow);
            return;
        }
        // Otherwise through the queue: its bounds apply, and big batches leave in writes the output can
        // refuse in between (a ready output takes one write whatever its size).
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.event(i);
            if (event.id().position() > sentPosition && subscription.wants(event)) {
                if (!enqueue(new Queued(batch.frame(i), event))) {
                    return;
                }
                if (!waiting && queuedBytes >= MAX_WRITE_BYTES) {
                    // Write what makes a full write while the output takes it: only what it refuses counts
                    // against the queue's bounds.
                    flush();
                }
            }
        }
        if (!waiting) {
            flush();
        }
    }

    private void writeNow(Batch batch, int[] writtenNow) {
        boolean takesAll = true;
        for (int i = 0; i < batch.size() && takesAll; i++) {
            Event event = batch.event(i);
            takesAll = event.id().position() > sentPosition && subscription.wants(event);
        }
        if (takesAll) {
            write(batch.all());
            sentPosition = batch.event(batch.size() - 1).id().position();
            for (int i = 0; i < batch.size(); i++) {
                writtenNow[i]++;
            }
            return;
        }
        List<SseFrame> frames = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.event(i);
            if (event.id().position() > sentPosition && subscription.wants(event)) {
                frames.add(batch.frame(i));
                sentPosition = event.id().position();
                writtenNow[i]++;
            }
        }
        if (!frames.isEmpty()) {
            write(frames);
        }
    }

    /** @return false when the queue overflowed and the subscriber was cut off */
    private boolean enqueue(Queued queued) {
        int bytes = queued.frame().size();
        int count = queue == null ? 0 : queue.size();
        if (queued.event() != null && limits.exceededBy(count + 1, queuedBytes + bytes)) {
            cut(FanoutObserver.CutReason.SLOW_CONSUMER);
            return false;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        queue.add(queued);
        queuedBytes += bytes;
        countQueued();
        return true;
    }

    /**
     * Writes the queue as long as the output takes it, then ends the stream if asked. Nothing while a replay
     * is under way: the replay goes first, in its turns, and flushes when it is whole.
     */
    private void flush() {
        if (replay != null) {
            return;
        }
        while (state != State.CLOSED && output.ready()) {
            List<SseFrame> frames = nextQueuedWrite();
            if (frames.isEmpty()) {
                if (farewell != null) {
                    output.write(List.of(farewell));
                    close(null);
                }
                return;
            }
            write(frames);
        }
        if (state != State.CLOSED && !waiting && ((queue != null && !queue.isEmpty()) || farewell != null)) {
            awaitOutput();
        }
    }

    /** Asks the output to call back once it drains; until then this stream writes nothing. */
    private void awaitOutput() {
        if (state == State.LIVE) {
            moveTo(State.QUEUING);
        }
        waiting = true;
        waitingSince = clock.millis();
        output.whenReady(() -> lane.execute(this::drained));
    }

    private void drained() {
        if (state == State.CLOSED) {
            return;
        }
        waiting = false;
        if (state == State.QUEUING) {
            moveTo(State.LIVE);
        }
        writeOn();
    }

    /** The next slice of the replay, up to {@link #REPLAY_SLICE_BYTES}; sets the replay to null once it is all taken. */
    private List<SseFrame> nextReplaySlice() {
        List<SseFrame> frames = new ArrayList<>();
        int bytes = 0;
        while (bytes < REPLAY_SLICE_BYTES && replay.hasNext()) {
            Event event = replay.next();
            if (subscription.wants(event)) {
                SseFrame frame = SseFrame.event(event.id().text(), event.type(), event.data(), event.retry().orElse(null));
                frames.add(frame);
                bytes += frame.size();
            }
            sentPosition = Math.max(sentPosition, event.id().position());
        }
        if (!replay.hasNext()) {
            replay = null;
        }
        return frames;
    }

    /** The next joined write of queued frames, up to {@link #MAX_WRITE_BYTES}. */
    private List<SseFrame> nextQueuedWrite() {
        List<SseFrame> frames = new ArrayList<>();
        int bytes = 0;
        while (queue != null && !queue.isEmpty() && bytes < MAX_WRITE_BYTES) {
            Queued next = queue.poll();
            queuedBytes -= next.frame().size();
            if (next.event() != null) {
                if (next.position() <= sentPosition) {
                    continue;
                }
                sent(next.event());
            }
            frames.add(next.frame());
            bytes += next.frame().size();
        }
        countQueued();
        return frames;
    }

    /** A queued live event is being written. */
    private void sent(Event event) {
        if (event.id().position() > sentPosition) {
            sentPosition = event.id().position();
        }
        observer.delivered(event, 1);
    }

    private void write(List<SseFrame> frames) {
        wroteSinceKeepAlive = true;
        output.write(frames);
    }

    private void dropQueuedUpTo(long position) {
        if (queue == null) {
            return;
        }
        queue.removeIf(queued -> {
            boolean covered = queued.position() != NO_POSITION && queued.position() <= position;
            if (covered) {
                queuedBytes -= queued.frame().size();
            }
            return covered;
        });
        countQueued();
    }

    /** Tells the lane how the queue's length changed since last told. */
    private void countQueued() {
        int now = queue == null ? 0 : queue.size();
        if (now != queuedCount) {
            lane.queued(now - queuedCount);
            queuedCount = now;
        }
    }

    /**
     * Writes a keep-alive comment to a stream that was written nothing since the last round, so a stream is
     * never silent much longer than the interval; one that had events needs none (which spares a round over
     * thousands of busy streams thousands of writes), nor one with something waiting to be written.
     */
    void keepAlive(SseFrame comment) {
        if (state != State.LIVE) {
            return;
        }
        if (wroteSinceKeepAlive) {
            wroteSinceKeepAlive = false;
            return;
        }
        if (!waiting && replay == null && (queue == null || queue.isEmpty()) && output.ready()) {
            output.write(List.of(comment));
        }
    }

    /** Cuts the subscriber off when its output has not drained for {@code timeoutMillis} by {@code nowMillis}. */
    void checkStalled(long nowMillis, long timeoutMillis) {
        if (state != State.CLOSED && waiting && nowMillis - waitingSince > timeoutMillis) {
            if (state == State.CLOSING) {
                // Even its last frame could not be written: let it go.
                close(null);
            } else {
                cut(FanoutObserver.CutReason.SLOW_CONSUMER);
            }
        }
    }

    /**
     * Ends the stream after what is queued, with {@code last} as the final frame. A replay still under way
     * is not finished (it could be long, and the client resumes from the last event it got): it ends here,
     * and the live events queued behind it with it, so what the client got stays a gapless prefix.
     */
    void finish(SseFrame last) {
        if (state == State.OPENING) {
            close(null);
            return;
        }
        if (ending()) {
            return;
        }
        moveTo(State.CLOSING);
        farewell = last;
        if (replay != null) {
            replay = null;
            dropQueue();
        }
        if (!waiting) {
            flush();
        }
    }

    /**
     * Ends the stream now, dropping what is queued (the client resumes from its last id); the notice of
     * {@code reason} goes out whether or not the output is ready.
     */
    void cut(FanoutObserver.CutReason reason) {
        if (state == State.OPENING) {
            close(null);
            return;
        }
        if (ending()) {
            return;
        }
        moveTo(State.CLOSING);
        SseFrame last = notices.cut(reason);
        farewell = last;
        dropQueue();
        replay = null;
        observer.cut(reason);
        output.write(List.of(last));
        close(null);
    }

    /** Idempotent: the first call ends the output, leaves the lane, stops the timer and tells the listener. */
    void close(Throwable failure) {
        end(failure, true);
    }

    /**
     * Ends the stream without ending its output, which stays its sink owner's to use ({@code close(false)}
     * of the standard broadcaster); idempotent, and gives back the same as {@link #close}.
     */
    void release() {
        end(null, false);
    }

    private void end(Throwable failure, boolean closeOutput) {
        if (state == State.CLOSED) {
            return;
        }
        moveTo(State.CLOSED);
        dropQueue();
        replay = null;
        lane.remove(this);
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (closeOutput) {
            output.close();
        }
        observer.streamClosed(subscription.meteredTopics());
        terms.onEnded().ended(failure, closeOutput);
    }

    private void dropQueue() {
        queue = null;
        queuedBytes = 0;
        countQueued();
    }

    @Override
    public String toString() {
        return "Subscriber" + subscription.topics();
    }
}
