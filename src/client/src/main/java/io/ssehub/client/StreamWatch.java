package io.ssehub.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Watches one connection's stream for the two reasons to give it up that the socket cannot see: the
 * subscription was closed, or the hub has been silent too long. Used only by the subscription's thread.
 */
final class StreamWatch {

    /** Why a read gave up because the subscription was closed. */
    static final class Stopped extends InterruptedIOException {
        Stopped() {
            super("the subscription was closed");
        }
    }

    private final BooleanSupplier stopRequested;
    private final Duration idleTimeout;
    private long lastByteNanos = System.nanoTime();
    private IOException failure;

    StreamWatch(BooleanSupplier stopRequested, Duration idleTimeout) {
        this.stopRequested = stopRequested;
        this.idleTimeout = idleTimeout;
    }

    /** Before every read: a closed subscription reads no more. */
    void beforeRead() throws IOException {
        if (stopRequested.getAsBoolean()) {
            throw record(new Stopped());
        }
    }

    void bytesRead() {
        lastByteNanos = System.nanoTime();
    }

    /**
     * A read timed out (the socket's timeout is the wake interval). Returns to read again, or throws
     * when the subscription was closed or the stream has been silent for the idle timeout.
     */
    void timedOut() throws IOException {
        beforeRead();
        if (System.nanoTime() - lastByteNanos >= idleTimeout.toNanos()) {
            throw record(new SocketTimeoutException("the hub sent nothing, not even a keep-alive, for " + idleTimeout));
        }
    }

    IOException record(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Why the stream stopped, when it was not simply ended by the hub. */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }
}
