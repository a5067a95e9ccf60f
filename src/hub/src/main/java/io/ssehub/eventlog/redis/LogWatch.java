package io.ssehub.eventlog.redis;

import java.time.Duration;

/**
 * Whether Redis answered lately, known without asking it: read on request threads (health), written by every
 * command's outcome. Thread-safe.
 */
final class LogWatch {

    /** Longest Redis may stay silent before the log counts as down, though no command failed yet. */
    private final long silenceNanos;
    private volatile long lastAnswer = System.nanoTime();
    private volatile boolean failing;

    /** @param silence longest a healthy tail goes without a round trip, times two */
    LogWatch(Duration silence) {
        this.silenceNanos = silence.toNanos();
    }

    void answered() {
        lastAnswer = System.nanoTime();
        failing = false;
    }

    void failed() {
        failing = true;
    }

    boolean isAvailable() {
        return !failing && System.nanoTime() - lastAnswer < silenceNanos;
    }
}
