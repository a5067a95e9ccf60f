package io.ssehub.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.event.Json;
import io.ssehub.event.TypedPayload;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a batch ({@link HubClient#publishAll}): what {@code POST /events} takes, as a value.
 *
 * @param data  its JSON data; {@code null} publishes JSON {@code null}
 * @param retry the reconnect hint the event carries to subscribers, if any
 */
public record EventToPublish(String topic, String type, JsonNode data, Optional<Duration> retry) {

    public EventToPublish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(retry, "retry");
    }

    /** A typed payload on {@code topic}: its {@link TypedPayload#type()} is the event's type, the record its data. */
    public static EventToPublish of(String topic, TypedPayload payload) {
        Objects.requireNonNull(payload, "payload");
        return new EventToPublish(topic, payload.type(), Json.MAPPER.valueToTree(payload), Optional.empty());
    }

    /** JSON data with no reconnect hint. */
    public static EventToPublish of(String topic, String type, JsonNode data) {
        return new EventToPublish(topic, type, data, Optional.empty());
    }
}
