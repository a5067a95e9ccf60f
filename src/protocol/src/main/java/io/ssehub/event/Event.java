package io.ssehub.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One event as the log holds it: immutable, its data already serialised (once, at publish time).
 *
 * @param id          assigned by the event log
 * @param topic       what subscribers filter on
 * @param type        the SSE {@code event:} name
 * @param data        serialised payload (JSON), sent as the {@code data:} lines
 * @param retry       reconnect hint carried by this event, if any
 * @param publishedAt when the log accepted it
 */
public record Event(EventId id, String topic, String type, String data, Optional<Duration> retry, Instant publishedAt) {

    public Event {
        // Interned, as subscription topics are: see Subscription.
        topic = topic.intern();
    }

    public static Event of(EventId id, EventDraft draft, Instant publishedAt) {
        return new Event(id, draft.topic(), draft.type(), draft.data(), draft.retry(), publishedAt);
    }
}
