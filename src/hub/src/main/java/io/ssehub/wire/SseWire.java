package io.ssehub.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The SSE wire format (WHATWG HTML, "Server-sent events", event stream interpretation), written by the
 * hub itself rather than by the container's Jersey: older Jersey writers (3.1.9, 3.1.10) did not strip
 * line breaks from names and ids, and a hub deployed to such a server must stay safe.
 *
 * <p>Single-line fields (id, event) refuse CR, LF and NUL; data and comments are split on every line
 * ending the spec knows (CRLF, LF, CR) and each piece gets its own prefix, so no input can end a field
 * early and start a forged one.
 */
public final class SseWire {

    private static final byte[] ID = prefix("id");
    private static final byte[] EVENT = prefix("event");
    private static final byte[] RETRY = prefix("retry");
    private static final byte[] DATA = prefix("data");
    /** A comment is a line whose field name is empty: {@code : text}. */
    private static final byte[] COMMENT = prefix("");

    private SseWire() {
    }

    /** One event: optional id and type, optional retry hint, data split into {@code data:} lines. */
    public static byte[] event(String id, String type, String data, Duration retry) {
        byte[] idValue = id == null ? null : singleLineValue("id", id);
        byte[] typeValue = type == null ? null : singleLineValue("event", type);
        byte[] retryValue = retry == null ? null : Long.toString(retry.toMillis()).getBytes(StandardCharsets.US_ASCII);
        byte[] dataValue = data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        boolean oneLine = data == null || isOneLine(data);
        byte[] frame = new byte[writeEvent(null, idValue, typeValue, retryValue, dataValue, oneLine)];
        writeEvent(frame, idValue, typeValue, retryValue, dataValue, oneLine);
        return frame;
    }

    /** A comment: ignored by parsers, used to keep idle connections alive and to find dead ones. */
    public static byte[] comment(String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        boolean oneLine = isOneLine(text);
        byte[] frame = new byte[end(null, lines(null, 0, COMMENT, value, oneLine))];
        end(frame, lines(frame, 0, COMMENT, value, oneLine));
        return frame;
    }

    /** A bare reconnect hint: how long the client waits before reconnecting after this stream ends. */
    public static byte[] retry(Duration retry) {
        byte[] value = Long.toString(retry.toMillis()).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[end(null, field(null, 0, RETRY, value))];
        end(frame, field(frame, 0, RETRY, value));
        return frame;
    }

    /** Concatenates frames, so several events queued for one connection go out in one write. */
    public static byte[] join(byte[]... frames) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            joined.writeBytes(frame);
        }
        return joined.toByteArray();
    }

    /**
     * Refuses a value that cannot be a single-line field.
     *
     * @throws IllegalArgumentException naming the field when the value holds CR, LF or NUL
     */
    public static void requireSingleLine(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("SSE field '" + field + "' must not contain CR, LF or NUL");
            }
        }
    }

    private static byte[] singleLineValue(String field, String value) {
        requireSingleLine(field, value);
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /*
     * A frame is written straight into an array of its size: each step below, given no array, counts the bytes it
     * would write, so one pass measures the frame and a second fills it. (Built as a string and then encoded, a
     * frame was copied three times, and the frames of the events are written for every publish.) Values are
     * encoded to UTF-8 before they are split: CR and LF never occur inside a multi-byte sequence.
     */

    private static int writeEvent(byte[] frame, byte[] id, byte[] type, byte[] retry, byte[] data, boolean oneLine) {
        int at = field(frame, 0, ID, id);
        at = field(frame, at, EVENT, type);
        at = field(frame, at, RETRY, retry);
        at = lines(frame, at, DATA, data, oneLine);
        return end(frame, at);
    }

    /**
     * Whether the text holds no line ending, asked of the string: its search for a character is vectorised,
     * where a loop over the bytes, run to measure and again to write, had made a frame slower to write than
     * the string it replaced.
     */
    private static boolean isOneLine(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
    }

    /** {@code name: value} and a line end; nothing without a value. */
    private static int field(byte[] frame, int at, byte[] prefix, byte[] value) {
        if (value == null) {
            return at;
        }
        at = put(frame, at, prefix, 0, prefix.length);
        at = put(frame, at, value, 0, value.length);
        return lineEnd(frame, at);
    }

    /**
     * The value a line at a time (runs between line endings, not a byte at a time), each line with the field's
     * prefix: CRLF, LF and CR each end a line, so none can end the field early and start a forged one. A value
     * known to be {@code oneLine} is written as a single-line field.
     */
    private static int lines(byte[] frame, int at, byte[] prefix, byte[] value, boolean oneLine) {
        if (value == null || oneLine) {
            return field(frame, at, prefix, value);
        }
        at = put(frame, at, prefix, 0, prefix.length);
        int lineStart = 0;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (b == '\r' || b == '\n') {
                at = lineEnd(frame, put(frame, at, value, lineStart, i - lineStart));
                at = put(frame, at, prefix, 0, prefix.length);
                if (b == '\r' && i + 1 < value.length && value[i + 1] == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        return lineEnd(frame, put(frame, at, value, lineStart, value.length - lineStart));
    }

    /** The blank line that ends a frame; the frame's size when counting. */
    private static int end(byte[] frame, int at) {
        return lineEnd(frame, at);
    }

    private static int lineEnd(byte[] frame, int at) {
        if (frame != null) {
            frame[at] = '\n';
        }
        return at + 1;
    }

    private static int put(byte[] frame, int at, byte[] bytes, int from, int length) {
        if (frame != null) {
            System.arraycopy(bytes, from, frame, at, length);
        }
        return at + length;
    }

    private static byte[] prefix(String name) {
        return (name + ": ").getBytes(StandardCharsets.US_ASCII);
    }
}
