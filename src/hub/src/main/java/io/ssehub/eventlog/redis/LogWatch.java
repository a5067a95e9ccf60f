package io.ssehub.eventlog.redis;

import io.ssehub.event.EventId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this node knows of the log without asking Redis: the newest event it has seen (appended here or read
 * by its tail) and whether Redis answered lately. Read on request threads and lanes, where a network call
 * would stall others; written by appends and by the tail. Thread-safe.
 */
final class LogWatch {

    /** The newest event seen, and its epoch; {@code sequence} 0 when the epoch has none yet. */
    private record Newest(String epoch, long sequence) {
    }

    private final AtomicReference<Newest> newest = new AtomicReference<>();
    /** Longest Redis may stay silent before the log counts as down, though no command failed yet. */
    private final long silenceNanos;
    private volatile long lastAnswer = System.nanoTime();
    private volatile boolean failing;

    /** @param silence longest a healthy tail goes without a round trip, times two */
    LogWatch(Duration silence) {
        this.silenceNanos = silence.toNanos();
    }

    /** The log is at {@code sequence} of {@code epoch}, or beyond; a new epoch replaces the old one outright. */
    void saw(String epoch, long sequence) {
        newest.updateAndGet(known -> known == null || !known.epoch().equals(epoch) || known.sequence() < sequence
                ? new Newest(epoch, sequence) : known);
    }

    void answered() {
        lastAnswer = System.nanoTime();
        failing = false;
    }

    void failed() {
        failing = true;
    }

    Optional<EventId> newest() {
        Newest known = newest.get();
        return known == null || known.sequence() == 0
                ? Optional.empty() : Optional.of(StreamEntries.id(known.epoch(), known.sequence()));
    }

    boolean isAvailable() {
        return !failing && System.nanoTime() - lastAnswer < silenceNanos;
    }
}
