package io.ssehub.event.payload;

import io.ssehub.event.TypedPayload;

/**
 * Sent as {@code event: error} just before the hub closes a stream on failure; {@code reason} is a stable
 * token a client can switch on, {@code message} is for people.
 */
public record ErrorNotice(String reason, String message) implements TypedPayload {

    public static final String TYPE = "error";
    public static final String SLOW_CONSUMER = "slow-consumer";
    public static final String LOG_OVERRUN = "log-overrun";
    public static final String TOKEN_EXPIRED = "token-expired";

    @Override
    public String type() {
        return TYPE;
    }
}
