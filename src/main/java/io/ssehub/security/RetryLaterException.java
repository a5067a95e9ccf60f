package io.ssehub.security;

import java.time.Duration;

/** A refusal that passes with time: the answer says when to try again ({@code Retry-After}). */
public abstract class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    protected RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
