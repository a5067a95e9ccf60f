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

    private SseWire() {
    }

    /** One event: optional id and type, optional retry hint, data split into {@code data:} lines. */
    public static byte[] event(String id, String type, String data, Duration retry) {
        StringBuilder frame = new StringBuilder(64 + (data == null ? 0 : data.length()));
        if (id != null) {
            singleLineField(frame, "id", id);
        }
        if (type != null) {
            singleLineField(frame, "event", type);
        }
        if (retry != null) {
            frame.append("retry: ").append(retry.toMillis()).append('\n');
        }
        if (data != null) {
            multiLineField(frame, "data", data);
        }
        return terminate(frame);
    }

    /** A comment: ignored by parsers, used to keep idle connections alive and to find dead ones. */
    public static byte[] comment(String text) {
        StringBuilder frame = new StringBuilder(text.length() + 4);
        multiLineField(frame, "", text);
        return terminate(frame);
    }

    /** A bare reconnect hint: how long the client waits before reconnecting after this stream ends. */
    public static byte[] retry(Duration retry) {
        return terminate(new StringBuilder("retry: ").append(retry.toMillis()).append('\n'));
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

    private static void singleLineField(StringBuilder frame, String name, String value) {
        requireSingleLine(name, value);
        frame.append(name).append(": ").append(value).append('\n');
    }

    /** Appends the value a line at a time (runs between line endings), not a character at a time. */
    private static void multiLineField(StringBuilder frame, String name, String value) {
        frame.append(name).append(": ");
        int length = value.length();
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                frame.append(value, lineStart, i).append('\n').append(name).append(": ");
                if (c == '\r' && i + 1 < length && value.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        frame.append(value, lineStart, length).append('\n');
    }

    private static byte[] terminate(StringBuilder frame) {
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
