package io.ssehub.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test oracle: an SSE stream parser written straight from the WHATWG HTML "Server-sent events" section
 * ("Interpreting an event stream" and "Dispatching the event"), independent of {@link SseWire}.
 *
 * <ul>
 *   <li>The stream is UTF-8 decoded; one leading U+FEFF BOM is dropped.</li>
 *   <li>Lines end at CRLF, LF or CR. A final line with no line ending is not a line: it (and any event it
 *       belongs to) is discarded, as at the end of a stream.</li>
 *   <li>An empty line dispatches the event.</li>
 *   <li>A line starting with {@code ':'} is a comment (ignored by browsers; recorded here, with one
 *       leading space removed, so tests can see comments).</li>
 *   <li>Otherwise the field name runs up to the first {@code ':'} and the value is the rest, minus exactly
 *       one leading U+0020; a line without {@code ':'} is a field name with an empty value.</li>
 *   <li>{@code event} sets the event type buffer; {@code data} appends value + LF to the data buffer;
 *       {@code id} sets the last event ID buffer unless the value contains NUL; {@code retry} sets the
 *       reconnection time only if the value is non-empty and all ASCII digits; other fields are ignored.</li>
 *   <li>Dispatch: the last event ID becomes the ID buffer; an empty data buffer resets the data and type
 *       buffers and dispatches nothing; otherwise one trailing LF is removed and an event is dispatched
 *       with type {@code "message"} when the type buffer is empty.</li>
 * </ul>
 */
final class SseParser {

    /** Something the parser produced, in stream order. */
    sealed interface Item permits Event, Comment {
    }

    /**
     * A dispatched event.
     *
     * @param lastEventId the event source's last event ID at dispatch ({@code ""} until an id is seen)
     * @param type        event type, {@code "message"} when none was given
     * @param data        the data buffer, without its final LF
     * @param retry       the reconnection time set by a {@code retry} field since the previous blank line,
     *                    or {@code null}
     */
    record Event(String lastEventId, String type, String data, Long retry) implements Item {
    }

    /** A comment line, text after the colon with one leading space removed. */
    record Comment(String text) implements Item {
    }

    /** A field line as it was interpreted (also the ignored ones), so tests can see every field name. */
    record Field(String name, String value) {
    }

    /**
     * Everything one stream produced.
     *
     * @param items            events and comments, in stream order
     * @param fields           every field line, in stream order
     * @param lastEventId      the last event ID at the end of the stream
     * @param reconnectionTime the reconnection time at the end of the stream, or {@code null} if never set
     */
    record Result(List<Item> items, List<Field> fields, String lastEventId, Long reconnectionTime) {

        List<Event> events() {
            List<Event> events = new ArrayList<>();
            for (Item item : items) {
                if (item instanceof Event event) {
                    events.add(event);
                }
            }
            return events;
        }

        List<String> comments() {
            List<String> comments = new ArrayList<>();
            for (Item item : items) {
                if (item instanceof Comment comment) {
                    comments.add(comment.text());
                }
            }
            return comments;
        }

        List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            for (Field field : fields) {
                names.add(field.name());
            }
            return names;
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private String lastEventId = "";
    private Long reconnectionTime;
    private Long pendingRetry;

    private SseParser() {
    }

    static Result parse(byte[] stream) {
        return parse(new String(stream, StandardCharsets.UTF_8));
    }

    static Result parse(String stream) {
        SseParser parser = new SseParser();
        String text = stream.startsWith("\uFEFF") ? stream.substring(1) : stream;
        int lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                parser.line(text.substring(lineStart, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
            i++;
        }
        // Whatever follows the last line ending is an unfinished line: discarded, like the end of a stream.
        return new Result(List.copyOf(parser.items), List.copyOf(parser.fields), parser.lastEventId,
                parser.reconnectionTime);
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            String comment = line.substring(1);
            items.add(new Comment(comment.startsWith(" ") ? comment.substring(1) : comment));
            return;
        }
        int colon = line.indexOf(':');
        String name;
        String value;
        if (colon >= 0) {
            name = line.substring(0, colon);
            value = line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
        } else {
            name = line;
            value = "";
        }
        field(name, value);
    }

    private void field(String name, String value) {
        fields.add(new Field(name, value));
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        reconnectionTime = Long.parseLong(value);
                        pendingRetry = reconnectionTime;
                    } catch (NumberFormatException tooLarge) {
                        // Digits only but beyond a long: no test expects such a value to take effect.
                    }
                }
            }
            default -> {
                // Unknown fields are ignored.
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        Long retry = pendingRetry;
        pendingRetry = null;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        if (data.charAt(data.length() - 1) == '\n') {
            data.setLength(data.length() - 1);
        }
        items.add(new Event(lastEventId, eventType.isEmpty() ? "message" : eventType, data.toString(), retry));
        data.setLength(0);
        eventType = "";
    }
}
