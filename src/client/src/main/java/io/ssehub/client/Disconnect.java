package io.ssehub.client;

import java.time.Duration;
import java.util.Optional;

/**
 * How one connection attempt ended when it did not end the subscription.
 *
 * @param reason     for the log: what happened
 * @param streamed   a stream was open (which resets the backoff)
 * @param retryAfter the delay the response asked for ({@code Retry-After}), if any
 * @param unanswered the hub sent no response head within the read timeout
 */
record Disconnect(String reason, boolean streamed, Optional<Duration> retryAfter, boolean unanswered) {

    static Disconnect notConnected(String reason, boolean unanswered) {
        return new Disconnect(reason, false, Optional.empty(), unanswered);
    }
}
