package io.ssehub.eventlog;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.refusal.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;

/**
 * A bounded ring of the newest events, in memory: the zero-setup default. It holds at most
 * {@code capacity} events and at most {@code maxBytes} of them as stored ({@link StoredBytes}); an append
 * that passes either bound evicts the oldest events until both hold again, so a client resuming from an
 * evicted id is told so. The newest event is always held, whatever its size: the tail and
 * {@link #lastId()} read it (a publisher over HTTP cannot send one larger than the bound, see
 * {@code HubConfig}; one in-process could).
 *
 * <p>Ids read {@code <run>-<sequence>}: the run is a token drawn at start ({@link EpochTokens}), so an id
 * handed out before a restart is recognised as such. An id its publisher chose ({@link EventDraft#id()}) is
 * kept in an index to its sequence for as long as the event is held, so resuming after it is a lookup, never
 * a scan; the index holds at most one entry per event held and loses it with the event. Chosen ids of the
 * log's own form, and {@link EventLog#EARLIEST}, are refused: they would name two things.
 */
public final class MemoryEventLog implements EventLog {

    private final String run;
    private final Event[] ring;
    /** {@link StoredBytes} of the event in the same slot of {@link #ring}. */
    private final long[] ringBytes;
    private final long maxBytes;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** Sequence of the newest event; 0 while empty. Guarded by {@link #lock}. */
    private long newest;
    /** Sequence of the oldest event held; newest + 1 while empty. Guarded by {@link #lock}. */
    private long oldest = 1;
    /** Sum of {@link #ringBytes} over the events held. Guarded by {@link #lock}. */
    private long heldBytes;
    /** Sequence of each event held whose id its publisher chose, by that id. Guarded by {@link #lock}. */
    private final Map<String, Long> chosenIds = new HashMap<>();
    private boolean closed;
    /** Run after every append ({@link #nudgeOnAppend}); null until one is set. */
    private volatile Runnable appendNudge;

    /** A log bounded by count only. */
    public MemoryEventLog(int capacity) {
        this(capacity, Long.MAX_VALUE, Clock.systemUTC());
    }

    /** A log bounded by count only. */
    public MemoryEventLog(int capacity, Clock clock) {
        this(capacity, Long.MAX_VALUE, clock);
    }

    /**
     * @param capacity most events held
     * @param maxBytes most heap the events held may take, as {@link StoredBytes} counts it
     */
    public MemoryEventLog(int capacity, long maxBytes, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1");
        }
        this.ring = new Event[capacity];
        this.ringBytes = new long[capacity];
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.run = EpochTokens.next();
    }

    @Override
    public Event append(EventDraft draft) {
        Event event = appendLocked(draft);
        Runnable nudge = appendNudge;
        if (nudge != null) {
            nudge.run();
        }
        return event;
    }

    private Event appendLocked(EventDraft draft) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the event log is closed");
            }
            long sequence = newest + 1;
            String chosen = draft.id().orElse(null);
            if (chosen != null) {
                requireChoosable(chosen);
            }
            Event event = Event.of(new EventId(chosen != null ? chosen : run + "-" + sequence, sequence), draft,
                    clock.instant());
            if (sequence - oldest == ring.length) {
                evictOldest();
            }
            ring[slot(sequence)] = event;
            ringBytes[slot(sequence)] = StoredBytes.of(event);
            heldBytes += ringBytes[slot(sequence)];
            newest = sequence;
            if (chosen != null) {
                chosenIds.put(chosen, sequence);
            }
            while (heldBytes > maxBytes && oldest < newest) {
                evictOldest();
            }
            appended.signalAll();
            return event;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Replay retained() {
        lock.lock();
        try {
            return Replay.continuous(readFrom(oldest));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Replay replayAfter(String lastEventId) {
        lock.lock();
        try {
            if (EARLIEST.equals(lastEventId)) {
                return Replay.continuous(readFrom(oldest));
            }
            Long chosen = chosenIds.get(lastEventId);
            if (chosen != null) {
                return Replay.continuous(readFrom(chosen + 1));
            }
            Matcher id = EpochTokens.ID.matcher(lastEventId);
            if (!id.matches()) {
                return Replay.afterGap(Replay.Gap.UNKNOWN, readFrom(oldest));
            }
            if (!id.group(1).equals(run)) {
                return Replay.afterGap(Replay.Gap.EARLIER_RUN, readFrom(oldest));
            }
            long sequence = Long.parseLong(id.group(2));
            if (sequence > newest) {
                return Replay.afterGap(Replay.Gap.UNKNOWN, readFrom(oldest));
            }
            // Seamless only if the event right after the client's id is still held.
            if (sequence + 1 < oldest) {
                return Replay.afterGap(Replay.Gap.EVICTED, readFrom(oldest));
            }
            return Replay.continuous(readFrom(sequence + 1));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean continuesAfter(String lastEventId) {
        lock.lock();
        try {
            if (chosenIds.containsKey(lastEventId)) {
                return true;
            }
            Matcher id = EpochTokens.ID.matcher(lastEventId);
            if (!id.matches() || !id.group(1).equals(run)) {
                return false;
            }
            long sequence = Long.parseLong(id.group(2));
            return sequence <= newest && sequence + 1 >= oldest;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean nudgeOnAppend(Runnable nudge) {
        lock.lock();
        try {
            if (appendNudge != null) {
                throw new IllegalStateException("the log nudges one reader");
            }
            appendNudge = nudge;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Tail tail() {
        lock.lock();
        try {
            return new RingTail(newest);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<EventId> lastId() {
        lock.lock();
        try {
            return newest == 0 ? Optional.empty() : Optional.of(ring[slot(newest)].id());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Call with the lock held. */
    private void evictOldest() {
        chosenIds.remove(ring[slot(oldest)].id().text(), oldest);
        heldBytes -= ringBytes[slot(oldest)];
        ring[slot(oldest)] = null;
        oldest++;
    }

    /** Call with the lock held. */
    private void requireChoosable(String chosen) {
        if (EARLIEST.equals(chosen) || EpochTokens.ID.matcher(chosen).matches()) {
            throw Refusal.invalidField("id", "is reserved: '" + EARLIEST + "' and ids of the form <10 letters or "
                    + "digits>-<number> are the hub's own");
        }
        if (chosenIds.containsKey(chosen)) {
            throw Refusal.duplicateId(chosen);
        }
    }

    /** Call with the lock held. */
    private List<Event> readFrom(long firstSequence) {
        List<Event> events = new ArrayList<>((int) Math.max(0, newest - firstSequence + 1));
        for (long sequence = firstSequence; sequence <= newest; sequence++) {
            events.add(ring[slot(sequence)]);
        }
        return events;
    }

    private int slot(long sequence) {
        return (int) (sequence % ring.length);
    }

    private final class RingTail implements Tail {

        /**
         * Sequence of the last event this tail returned. Guarded by the log's lock: the tail may be read on
         * more than one thread, one at a time.
         */
        private long read;

        RingTail(long startAfter) {
            this.read = startAfter;
        }

        @Override
        public List<Event> next(Duration wait) throws InterruptedException {
            lock.lock();
            try {
                long nanos = wait.toNanos();
                while (newest == read && !closed && nanos > 0) {
                    nanos = appended.awaitNanos(nanos);
                }
                long first = read + 1;
                read = newest;
                if (first < oldest) {
                    throw new TailOverrunException(oldest - first);
                }
                return readFrom(first);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "MemoryEventLog[run=" + run + ", capacity=" + ring.length + ", maxBytes=" + maxBytes + "]";
    }

}
