package io.ssehub.client;

import java.util.Optional;

/**
 * A handler threw while handling an event, or the event's data could not be decoded into the handler's
 * type. The subscription stops rather than skip the event: its {@link Subscription#lastEventId()} still
 * names the last event that was handled, so a new subscription started from it gets this event again.
 */
public final class HandlerFailedException extends HubException {

    private final HubEvent event;

    HandlerFailedException(HubEvent event, Throwable cause) {
        super("the handler for event '" + event.type() + "'" + event.id().map(id -> " (id " + id + ")").orElse("")
                + " failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        this.event = event;
    }

    /** The event that was being handled. */
    public HubEvent event() {
        return event;
    }

    /** Shortcut for {@code event().id()}. */
    public Optional<String> eventId() {
        return event.id();
    }
}
