package io.ssehub.eventlog.redis;

import io.lettuce.core.StreamMessage;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How an event is held in the stream: entry id {@code <sequence>-0}, and one-letter fields (every byte is
 * kept once per retained event): {@code e} epoch, {@code t} topic, {@code y} type, {@code d} data,
 * {@code r} retry in milliseconds (empty for none), {@code a} publication time in epoch milliseconds.
 * The event's id, as clients see it, is {@code <epoch>-<sequence>}, the shape the in-memory log gives too.
 */
final class StreamEntries {

    private StreamEntries() {
    }

    /** One event's arguments of the append script ({@link LogScripts#FIELDS_PER_EVENT}). */
    static String[] appendArguments(EventDraft draft, Clock clock) {
        return new String[] {draft.topic(), draft.type(), draft.data(),
            draft.retry().map(retry -> Long.toString(retry.toMillis())).orElse(""),
            Long.toString(clock.millis())};
    }

    /** The event an append stored, as the script answered it, without reading it back. */
    static Event appended(LogHead head, EventDraft draft, String[] arguments) {
        return Event.of(id(head.epoch(), head.sequence()), draft, Instant.ofEpochMilli(Long.parseLong(arguments[4])));
    }

    static EventId id(String epoch, long sequence) {
        return new EventId(epoch + "-" + sequence, sequence);
    }

    /** The sequence of a stream entry id {@code <sequence>-0}. */
    static long sequence(StreamMessage<String, String> entry) {
        String id = entry.getId();
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    static String epoch(StreamMessage<String, String> entry) {
        return entry.getBody().get("e");
    }

    static Event event(StreamMessage<String, String> entry) {
        Map<String, String> body = entry.getBody();
        String retry = body.get("r");
        Optional<Duration> retryHint = retry == null || retry.isEmpty()
                ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(retry)));
        return new Event(id(epoch(entry), sequence(entry)), body.get("t"), body.get("y"), body.get("d"), retryHint,
                Instant.ofEpochMilli(Long.parseLong(body.get("a"))));
    }
}
