package io.ssehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.event.EventDraft;
import io.ssehub.event.InvalidEventException;
import io.ssehub.event.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /events}: {@code {"topic": …, "type": …, "data": <any JSON>, "retry": <ms>}}.
 * Parsing is strict: unknown or duplicate fields are refused, not ignored, so a typo never publishes
 * something other than what was meant.
 */
final class PublishRequest {

    private static final Set<String> FIELDS = Set.of("topic", "type", "data", "retry");

    private PublishRequest() {
    }

    static EventDraft parse(byte[] body) {
        JsonNode json;
        try {
            json = Json.read(body);
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object with topic, type and data");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException("unknown field '" + truncate(name) + "'; allowed: topic, type, data, retry");
            }
        }
        String topic = text(json, "topic");
        String type = text(json, "type");
        JsonNode data = json.get("data");
        if (data == null) {
            throw new InvalidEventException("data", "is required (any JSON value, null included)");
        }
        return new EventDraft(topic, type, Json.write(data), retry(json));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(field, "is required");
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(field, "must be a string");
        }
        return value.textValue();
    }

    private static Optional<Duration> retry(JsonNode json) {
        JsonNode retry = json.get("retry");
        if (retry == null || retry.isNull()) {
            return Optional.empty();
        }
        if (!retry.isIntegralNumber() || !retry.canConvertToLong()) {
            throw new InvalidEventException("retry", "must be a whole number of milliseconds");
        }
        return Optional.of(Duration.ofMillis(retry.longValue()));
    }

    /** Parser messages quote the input; keep only their first line so nothing odd is echoed at length. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return truncate(end < 0 ? message : message.substring(0, end));
    }

    private static String truncate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
