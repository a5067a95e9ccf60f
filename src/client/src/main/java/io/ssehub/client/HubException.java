package io.ssehub.client;

/**
 * A failure of the client that retrying cannot mend: the hub refused, answered with something other
 * than an event stream, could not be reached for a publish, or a handler threw. A subscription hands it
 * to its {@code onFailure} handler once, after it has closed itself.
 */
public abstract class HubException extends RuntimeException {

    protected HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
