package io.ssehub.event.payload;

import io.ssehub.event.TypedPayload;

/** The clock tick: {@code {"time": <unix seconds>}}. */
public record Tick(long time) implements TypedPayload {

    public static final String TYPE = "time";

    @Override
    public String type() {
        return TYPE;
    }
}
