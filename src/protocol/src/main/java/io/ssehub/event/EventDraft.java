package io.ssehub.event;

import java.time.Duration;
import java.util.Optional;

/**
 * An event on its way into the log: everything but the id. Building one validates it, so an invalid
 * topic, type or retry hint never reaches the log, whoever the publisher is.
 */
public record EventDraft(String topic, String type, String data, Optional<Duration> retry) {

    public EventDraft {
        EventRules.requireTopic(topic);
        EventRules.requireType(type);
        EventRules.requireData(data);
        retry.ifPresent(EventRules::requireRetry);
    }

    /** A typed payload, serialised to JSON here, once, whatever the number of subscribers. */
    public static EventDraft of(String topic, TypedPayload payload, Optional<Duration> retry) {
        return new EventDraft(topic, payload.type(), Json.write(payload), retry);
    }

    public static EventDraft of(String topic, TypedPayload payload) {
        return of(topic, payload, Optional.empty());
    }
}
