package io.ssehub.event;

/** A Java record published as an event: its {@link #type()} becomes the SSE event name, the record its JSON data. */
public interface TypedPayload {

    /** The SSE {@code event:} name for this kind of payload. */
    String type();
}
