package io.ssehub.event.payload;

import io.ssehub.event.TypedPayload;

/** A message for people: {@code event: notification}. */
public record Notification(String message, String level) implements TypedPayload {

    public static final String TYPE = "notification";

    @Override
    public String type() {
        return TYPE;
    }
}
