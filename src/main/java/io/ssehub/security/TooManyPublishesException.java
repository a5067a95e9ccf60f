package io.ssehub.security;

import java.time.Duration;

/** A publish refused by the rate limit (429, with when a token will be available again). */
public final class TooManyPublishesException extends RetryLaterException {

    public TooManyPublishesException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
