package io.ssehub.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One event as the log holds it: immutable, its data already serialised (once, at publish time).
 *
 * @param id          assigned by the event log (the publisher's own, when it chose one)
 * @param topic       the canonical topic, what subscribers filter on
 * @param type        the SSE {@code event:} name; {@code null} for none
 * @param data        serialised payload, sent as the {@code data:} lines
 * @param retry       reconnect hint carried by this event, if any
 * @param publishedAt when the log accepted it
 * @param alternates  more topics it is published under; a stream of any of them receives it
 * @param restricted  only for streams authorised for it (see {@link EventDraft#restricted()})
 */
public record Event(EventId id, String topic, String type, String data, Optional<Duration> retry, Instant publishedAt,
                    List<String> alternates, boolean restricted) {

    public Event {
        // Interned, as subscription topics are: see Subscription.
        topic = topic.intern();
        alternates = List.copyOf(alternates);
    }

    /** A public event under one topic: what the native API publishes. */
    public Event(EventId id, String topic, String type, String data, Optional<Duration> retry, Instant publishedAt) {
        this(id, topic, type, data, retry, publishedAt, List.of(), false);
    }

    public static Event of(EventId id, EventDraft draft, Instant publishedAt) {
        return new Event(id, draft.topic(), draft.type(), draft.data(), draft.retry(), publishedAt, draft.alternates(),
                draft.restricted());
    }

    /** Whether the canonical topic or an alternate passes {@code test}. */
    public boolean anyTopic(Predicate<String> test) {
        if (test.test(topic)) {
            return true;
        }
        for (String alternate : alternates) {
            if (test.test(alternate)) {
                return true;
            }
        }
        return false;
    }
}
