package io.ssehub.eventlog.redis;

import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The newest events this node's tail has read, in memory, so that a stream opening on a fan-out lane is
 * answered without a call to Redis: at most {@code capacity} events of one epoch, contiguous, ending at the
 * tail's position. It is fed by the tail before the tail hands the same events on, so whatever a lane reads
 * here is either in the answer or still to come to that lane live. Written by the tail's thread, read on the
 * lanes and on replay threads. Thread-safe.
 */
final class ReplayWindow {

    private final Event[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    /** Epoch of the events held; null until the tail first says where it starts. Guarded by {@link #lock}. */
    private String epoch;
    /** Sequence of the newest event read by the tail (held or not: 0 before the first). Guarded. */
    private long newest;
    /** Sequence of the oldest event held; {@code newest + 1} while none is. Guarded by {@link #lock}. */
    private long oldest = 1;

    ReplayWindow(int capacity) {
        this.ring = new Event[capacity];
    }

    /**
     * The tail goes on after {@code sequence} of {@code epoch} without what came before (it starts, or it
     * skipped events, or the epoch changed): the window starts again there. A second tail lagging behind
     * the first in the same epoch changes nothing.
     */
    void startAfter(String tailEpoch, long sequence) {
        lock.lock();
        try {
            if (tailEpoch.equals(epoch) && sequence <= newest) {
                return;
            }
            Arrays.fill(ring, null);
            epoch = tailEpoch;
            newest = sequence;
            oldest = sequence + 1;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Events the tail read next, of the window's epoch, in order; those already held are passed over. */
    void add(List<Event> events) {
        lock.lock();
        try {
            for (Event event : events) {
                long sequence = event.id().position();
                if (sequence <= newest) {
                    continue;
                }
                if (sequence != newest + 1) {
                    Arrays.fill(ring, null);
                    oldest = sequence;
                }
                if (sequence - oldest == ring.length) {
                    ring[slot(oldest)] = null;
                    oldest++;
                }
                ring[slot(sequence)] = event;
                newest = sequence;
            }
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The tail's position: the newest event it read, which every lane has been handed or will be next. */
    Optional<EventId> newest() {
        lock.lock();
        try {
            return epoch == null || newest == 0 ? Optional.empty() : Optional.of(StreamEntries.id(epoch, newest));
        } finally {
            lock.unlock();
        }
    }

    /** The epoch the tail reads, if it has started. */
    Optional<String> epoch() {
        lock.lock();
        try {
            return Optional.ofNullable(epoch);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the window holds {@code epoch}'s events from {@code first} up to the tail's position. */
    boolean continuesFrom(String wanted, long first) {
        lock.lock();
        try {
            return holds(wanted, first);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code sequence} of {@code wanted} is at or before the tail's position: an id given out. */
    boolean knows(String wanted, long sequence) {
        lock.lock();
        try {
            return wanted.equals(epoch) && sequence <= newest;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code wait} for the tail to reach {@code first - 1} of {@code wanted}, read from Redis
     * just now, so that the window goes on from {@code first}: whether it did.
     */
    boolean awaitContinues(String wanted, long first, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!holds(wanted, first) && wanted.equals(epoch) && first > newest + 1 && nanos > 0) {
                nanos = moved.awaitNanos(nanos);
            }
            return holds(wanted, first);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The events of {@code wanted} from {@code first} to the tail's position, when the window holds all of
     * them; empty when it does not.
     */
    Optional<List<Event>> from(String wanted, long first) {
        lock.lock();
        try {
            if (!holds(wanted, first)) {
                return Optional.empty();
            }
            List<Event> events = new ArrayList<>((int) (newest - first + 1));
            for (long sequence = first; sequence <= newest; sequence++) {
                events.add(ring[slot(sequence)]);
            }
            return Optional.of(events);
        } finally {
            lock.unlock();
        }
    }

    /** Call with the lock held. */
    private boolean holds(String wanted, long first) {
        return wanted.equals(epoch) && first >= oldest && first <= newest + 1;
    }

    private int slot(long sequence) {
        return (int) (sequence % ring.length);
    }
}
