package io.ssehub.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.ssehub.event.EventDraft;
import io.ssehub.event.Json;
import io.ssehub.refusal.Refusal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /events}: {@code {"topic": …, "type": …, "data": <any JSON>, "retry": <ms>}}.
 * Parsing is strict: unknown or duplicate fields are refused, not ignored, so a typo never publishes
 * something other than what was meant. {@code data} is passed on as it was sent, numbers to the digit,
 * only made compact ({@link Json#copyExactly}).
 */
final class PublishRequest {

    private PublishRequest() {
    }

    static EventDraft parse(byte[] body) {
        return draft(read(body));
    }

    /**
     * The body of a batch publish: a JSON array of 1 to {@code maxEvents} objects, each what {@link #parse}
     * takes and at most {@code maxEventBytes} of the body. All or nothing: the first event that breaks a rule
     * refuses the batch, its refusal naming the event ({@code [3]: topic …}, field {@code [3].topic}).
     */
    static List<EventDraft> parseBatch(byte[] body, int maxEvents, String maxEventsSetting, int maxEventBytes) {
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                Json.read(body); // a body that is not JSON at all is refused as such
                throw Refusal.malformedRequest("a batch must be a JSON array of events, each as POST /events takes");
            }
            List<EventDraft> drafts = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (drafts.size() == maxEvents) {
                    throw Refusal.tooManyEvents(maxEvents, maxEventsSetting);
                }
                String place = "[" + drafts.size() + "]";
                try {
                    if (token != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        throw Refusal.malformedRequest("each event must be a JSON object with topic, type and data");
                    }
                    long start = parser.currentTokenLocation().getByteOffset();
                    Fields fields = readFields(parser, 2);
                    if (parser.currentLocation().getByteOffset() - start > maxEventBytes) {
                        throw Refusal.eventTooLarge(maxEventBytes);
                    }
                    drafts.add(draft(fields));
                } catch (Refusal refusal) {
                    throw refusal.at(place);
                }
            }
            if (drafts.isEmpty()) {
                throw Refusal.malformedRequest("a batch must hold at least one event");
            }
            if (parser.nextToken() != null) {
                throw Refusal.malformedRequest("the body is not valid JSON: there is more after the array");
            }
            return drafts;
        } catch (IOException e) {
            throw Refusal.malformedRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static EventDraft draft(Fields fields) {
        if (fields.unknown() != null) {
            throw Refusal.malformedRequest("unknown field '" + truncate(fields.unknown())
                    + "'; allowed: topic, type, data, retry");
        }
        String topic = text(fields.topic(), "topic");
        String type = text(fields.type(), "type");
        if (fields.data() == null) {
            throw Refusal.invalidField("data", "is required (any JSON value, null included)");
        }
        return new EventDraft(topic, type, fields.data(), retry(fields.retry()));
    }

    /**
     * What the body holds: topic, type and retry as read, data as its exact text, and the first unknown
     * field's name (refused once the whole body is known to be JSON).
     */
    private record Fields(FieldValue topic, FieldValue type, FieldValue retry, String data, String unknown) {
    }

    /** What a field other than data held. */
    private enum Kind { ABSENT_OR_NULL, TEXT, WHOLE_NUMBER, OTHER }

    /**
     * A field other than data, read straight off the parser: binding each to a tree (a reader, a context and
     * a node per field, in a map) had taken about 8 % of a profile of publishes.
     *
     * @param text   the string, for {@link Kind#TEXT}
     * @param number the value, for {@link Kind#WHOLE_NUMBER}
     */
    private record FieldValue(Kind kind, String text, long number) {

        static final FieldValue ABSENT_OR_NULL = new FieldValue(Kind.ABSENT_OR_NULL, null, 0);
        static final FieldValue OTHER = new FieldValue(Kind.OTHER, null, 0);

        /** The value the parser is at, read to its end; a number a long cannot hold is {@link Kind#OTHER}. */
        static FieldValue read(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_NULL -> ABSENT_OR_NULL;
                case VALUE_STRING -> new FieldValue(Kind.TEXT, parser.getText(), 0);
                case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? OTHER : new FieldValue(Kind.WHOLE_NUMBER, null, parser.getLongValue());
                default -> {
                    parser.skipChildren();
                    yield OTHER;
                }
            };
        }
    }

    private static Fields read(byte[] body) {
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                Json.read(body); // a body that is not JSON at all is refused as such
                throw Refusal.malformedRequest("the body must be a JSON object with topic, type and data");
            }
            Fields fields = readFields(parser, 1);
            if (parser.nextToken() != null) {
                throw Refusal.malformedRequest("the body is not valid JSON: there is more after the object");
            }
            return fields;
        } catch (IOException e) {
            throw Refusal.malformedRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Reads the fields of the event object the parser is at, up to its end.
     *
     * @param depth how deep the event object is in the body: 1 for a publish, 2 in a batch's array
     */
    private static Fields readFields(JsonParser parser, int depth) throws IOException {
        try {
            return readFields(parser);
        } catch (StreamConstraintsException e) {
            if (inData(parser, depth)) {
                throw beyondLimits(parser);
            }
            throw e;
        }
    }

    private static Fields readFields(JsonParser parser) throws IOException {
        FieldValue topic = FieldValue.ABSENT_OR_NULL;
        FieldValue type = FieldValue.ABSENT_OR_NULL;
        FieldValue retry = FieldValue.ABSENT_OR_NULL;
        String data = null;
        String unknown = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "data" -> data = Json.copyExactly(parser);
                case "topic" -> topic = FieldValue.read(parser);
                case "type" -> type = FieldValue.read(parser);
                case "retry" -> retry = FieldValue.read(parser);
                default -> {
                    unknown = unknown == null ? name : unknown;
                    parser.skipChildren();
                }
            }
        }
        return new Fields(topic, type, retry, data, unknown);
    }

    /**
     * Whether the parser stopped inside the value of {@code data}: the field the event object's context (at
     * {@code depth}) was reading. (The parser reads a scalar value together with its name, so a name alone
     * does not say.)
     */
    private static boolean inData(JsonParser parser, int depth) {
        JsonStreamContext context = parser.getParsingContext();
        while (context.getNestingDepth() > depth && context.getParent() != null) {
            context = context.getParent();
        }
        return context.inObject() && "data".equals(context.getCurrentName());
    }

    private static Refusal beyondLimits(JsonParser parser) {
        StreamReadConstraints limits = parser.streamReadConstraints();
        return Refusal.invalidField("data", "cannot be carried: numbers may be at most " + limits.getMaxNumberLength()
                + " characters long and values nested at most " + limits.getMaxNestingDepth() + " levels deep");
    }

    private static String text(FieldValue value, String field) {
        if (value.kind() == Kind.ABSENT_OR_NULL) {
            throw Refusal.invalidField(field, "is required");
        }
        if (value.kind() != Kind.TEXT) {
            throw Refusal.invalidField(field, "must be a string");
        }
        return value.text();
    }

    private static Optional<Duration> retry(FieldValue retry) {
        if (retry.kind() == Kind.ABSENT_OR_NULL) {
            return Optional.empty();
        }
        if (retry.kind() != Kind.WHOLE_NUMBER) {
            throw Refusal.invalidField("retry", "must be a whole number of milliseconds");
        }
        return Optional.of(Duration.ofMillis(retry.number()));
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
