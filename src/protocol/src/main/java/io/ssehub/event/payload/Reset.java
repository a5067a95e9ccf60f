package io.ssehub.event.payload;

import io.ssehub.event.TypedPayload;

/**
 * Sent as {@code event: reset} before anything else when a client asked to resume from an id the log
 * cannot continue from: whatever came between that id and the first event that follows may be lost.
 *
 * @param reason      {@code evicted}, {@code unknown} or {@code earlier-run}
 * @param lastEventId the id the client asked to resume from
 * @param message     the same, for people
 */
public record Reset(String reason, String lastEventId, String message) implements TypedPayload {

    public static final String TYPE = "reset";

    @Override
    public String type() {
        return TYPE;
    }
}
