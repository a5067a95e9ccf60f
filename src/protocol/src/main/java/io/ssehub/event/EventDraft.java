package io.ssehub.event;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An event on its way into the log: everything but the id the log gives it. Building one validates it, so an
 * invalid topic, type or retry hint never reaches the log, whoever the publisher is.
 *
 * <p>The native API's drafts ({@link #EventDraft(String, String, String, Optional)}) follow its rules: a topic
 * and a type from a small alphabet, JSON data. A protocol whose topics are IRIs (Mercure) builds drafts with
 * the canonical constructor, which holds only what keeps the log and the wire safe: IRI-like topics
 * ({@link EventRules#requireIriTopic}), an optional single-line type, any text as data.
 *
 * @param topic      the canonical topic, what {@link Event#topic()} is
 * @param type       the SSE {@code event:} name; {@code null} for none (Mercure's updates without a type)
 * @param data       the payload as it goes on the {@code data:} lines
 * @param retry      reconnect hint carried by the event, if any
 * @param id         the id the publisher chose (Mercure), used instead of one the log makes; the log refuses
 *                   one it already holds
 * @param alternates more topics the event is also published under (Mercure's alternate topics)
 * @param restricted delivered only to streams authorised for it (Mercure's private updates); never to a stream
 *                   of the native API, whose subscriptions know nothing of it
 */
public record EventDraft(String topic, String type, String data, Optional<Duration> retry, Optional<String> id,
                         List<String> alternates, boolean restricted) {

    public EventDraft {
        EventRules.requireIriTopic("topic", topic);
        alternates = List.copyOf(alternates);
        // Indexed: an iterator per draft, for a list that is nearly always empty, showed in allocation profiles.
        for (int i = 0; i < alternates.size(); i++) {
            EventRules.requireIriTopic("topic", alternates.get(i));
        }
        if (type != null) {
            EventRules.requireSingleLine("type", type);
        }
        EventRules.requireEncodable("data", data);
        retry.ifPresent(EventRules::requireRetry);
        id.ifPresent(text -> EventRules.requireSingleLine("id", text));
    }

    /** A draft of the native API: its topic, type and data rules, an id from the log, public. */
    public EventDraft(String topic, String type, String data, Optional<Duration> retry) {
        this(EventRules.topic(topic), EventRules.type(type), EventRules.data(data), retry, Optional.empty(), List.of(),
                false);
    }

    /** A typed payload, serialised to JSON here, once, whatever the number of subscribers. */
    public static EventDraft of(String topic, TypedPayload payload, Optional<Duration> retry) {
        return new EventDraft(topic, payload.type(), Json.write(payload), retry);
    }

    public static EventDraft of(String topic, TypedPayload payload) {
        return of(topic, payload, Optional.empty());
    }
}
