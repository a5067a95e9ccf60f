package io.ssehub.event.payload;

import io.ssehub.event.TypedPayload;

/** A change to a user: {@code event: user}. */
public record User(String id, String name, String action) implements TypedPayload {

    public static final String TYPE = "user";

    @Override
    public String type() {
        return TYPE;
    }
}
