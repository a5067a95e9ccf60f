package io.ssehub.eventlog;

/**
 * The log could not be reached, or did not answer in time: whatever was asked of it may or may not have
 * happened (an append whose outcome is unknown is one). Whoever asked answers "try again later"; nothing
 * retries it behind the caller's back, since a retried append could publish twice.
 */
public final class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
