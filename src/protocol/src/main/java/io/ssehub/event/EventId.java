package io.ssehub.event;

/**
 * The id the event log gave an event. Clients see only {@link #text()}, an opaque string; inside the
 * hub, {@link #position()} orders ids of the same log, so a subscriber can tell "already written" from "new".
 *
 * @param text     the id as it goes on the wire ({@code id:} line, {@code Last-Event-ID} header)
 * @param position order inside the log that issued it; larger is later
 */
public record EventId(String text, long position) implements Comparable<EventId> {

    public EventId {
        EventRules.requireSingleLine("id", text);
    }

    @Override
    public int compareTo(EventId other) {
        return Long.compare(position, other.position);
    }

    public boolean isAfter(EventId other) {
        return position > other.position;
    }

    @Override
    public String toString() {
        return text;
    }
}
