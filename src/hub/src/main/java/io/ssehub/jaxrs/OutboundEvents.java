package io.ssehub.jaxrs;

import io.ssehub.event.EventDraft;
import io.ssehub.event.Json;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.util.Optional;

/** Standard {@link OutboundSseEvent}s as the hub stores them. */
final class OutboundEvents {

    /** Topic (and type) of events broadcast through the standard interface without a name. */
    static final String DEFAULT_NAME = "message";

    private OutboundEvents() {
    }

    /**
     * The event as a draft for the log: its name is both its topic and its type ({@value #DEFAULT_NAME}
     * when unnamed); data that is not text is serialised to JSON; its id, if any, is the log's to give,
     * and its comment is not stored.
     */
    static EventDraft draft(OutboundSseEvent event) {
        String name = event.getName() == null ? DEFAULT_NAME : event.getName();
        Optional<Duration> retry = event.isReconnectDelaySet()
                ? Optional.of(Duration.ofMillis(event.getReconnectDelay()))
                : Optional.empty();
        return new EventDraft(name, name, dataText(event.getData()), retry);
    }

    /** The data of a standard event as SSE text: strings as they are, anything else as JSON. */
    static String dataText(Object data) {
        if (data == null) {
            return "";
        }
        return data instanceof String text ? text : Json.write(data);
    }
}
