package io.ssehub.security;

import java.time.Duration;

/** A stream refused because a connection limit is reached (503, with when to try again). */
public final class TooManyStreamsException extends RetryLaterException {

    public TooManyStreamsException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
