package io.ssehub.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ssehub.event.Json;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as it arrived on the stream.
 *
 * @param id   the hub's id for it; empty for the hub's own notices ({@code reset}, {@code error}), which
 *             are not events of the log
 * @param type the SSE event name ({@code message} when the stream named none, as in browsers)
 * @param data the event's data, JSON for every event the hub sends
 */
public record HubEvent(Optional<String> id, String type, String data) {

    /** Name of events that carry no {@code event:} field (WHATWG HTML, "Server-sent events"). */
    public static final String DEFAULT_TYPE = "message";

    public HubEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Decodes the data into {@code type} (a record, usually) with the hub's JSON mapper. Members the
     * type does not know are ignored, so a hub that adds one does not break older clients.
     *
     * @throws IllegalArgumentException when the data is not JSON of that shape
     */
    public <T> T dataAs(Class<T> type) {
        return decode(reader(type), type);
    }

    static ObjectReader reader(Class<?> type) {
        return Json.MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    <T> T decode(ObjectReader reader, Class<T> type) {
        try {
            return type.cast(reader.readValue(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("the data of this '" + this.type + "' event is not a "
                    + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
