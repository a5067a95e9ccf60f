package io.ssehub.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames written straight into bytes are, byte for byte, the frames the hub wrote before as a string encoded
 * to UTF-8 ({@link #asString}, the rule they replace): for every UTF-16 code unit in every field, for every
 * arrangement of line endings, for surrogate pairs and lone surrogates.
 */
class SseWireEncodingTest {

    private static final List<String> LINE_ENDINGS = List.of("", "\r", "\n", "\r\n", "\n\r", "\r\r\n", "\r\n\r\n",
            "\n\n", "x\r\ny", "\r\nx", "x\r", "\u00e9\r\n\u20ac", "\uD83D\uDE00\n\uD83D", "\uDE00\r\uD83D");

    @Test
    void everyCodeUnitInEveryFieldIsWrittenAsTheStringRuleWroteIt() {
        int checked = 0;
        for (int unit = 0; unit <= 0xFFFF; unit++) {
            String c = String.valueOf((char) unit);
            String data = "a" + c + "b" + c;
            assertWrittenAsBefore(null, null, data, null);
            assertWrittenAsBefore(null, null, c, Duration.ofMillis(unit));
            if (unit != '\r' && unit != '\n' && unit != 0) {
                assertWrittenAsBefore("id-" + c, "type" + c, data, null);
            }
            assertArrayEquals(asString(null, null, null, null, c + " keep-alive"), SseWire.comment(c + " keep-alive"),
                    () -> "comment with U+" + Integer.toHexString(c.charAt(0)));
            checked++;
        }
        assertEquals(0x10000, checked);
    }

    @Test
    void everyArrangementOfLineEndingsIsWrittenAsTheStringRuleWroteIt() {
        List<String> values = new ArrayList<>();
        for (String first : LINE_ENDINGS) {
            for (String second : LINE_ENDINGS) {
                values.add(first + second);
                values.add(first + "data: forged" + second);
            }
        }
        for (String value : values) {
            assertWrittenAsBefore("7", "tick", value, Duration.ofSeconds(3));
            assertWrittenAsBefore(null, null, value, null);
            assertArrayEquals(asString(null, null, null, null, value), SseWire.comment(value), () -> "comment " + shown(value));
        }
        assertArrayEquals("retry: 1500\n\n".getBytes(StandardCharsets.US_ASCII), SseWire.retry(Duration.ofMillis(1500)));
        assertArrayEquals("\n".getBytes(StandardCharsets.US_ASCII), SseWire.event(null, null, null, null));
    }

    private static void assertWrittenAsBefore(String id, String type, String data, Duration retry) {
        assertArrayEquals(asString(id, type, data, retry, null), SseWire.event(id, type, data, retry),
                () -> "event id=" + shown(id) + " type=" + shown(type) + " data=" + shown(data) + " retry=" + retry);
    }

    /** The frame as the hub built it before: a StringBuilder, then its string encoded to UTF-8. */
    private static byte[] asString(String id, String type, String data, Duration retry, String comment) {
        StringBuilder frame = new StringBuilder();
        if (comment != null) {
            lines(frame, "", comment);
            return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        }
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (type != null) {
            frame.append("event: ").append(type).append('\n');
        }
        if (retry != null) {
            frame.append("retry: ").append(retry.toMillis()).append('\n');
        }
        if (data != null) {
            lines(frame, "data", data);
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void lines(StringBuilder frame, String name, String value) {
        frame.append(name).append(": ");
        int lineStart = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                frame.append(value, lineStart, i).append('\n').append(name).append(": ");
                if (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        frame.append(value, lineStart, value.length()).append('\n');
    }

    private static String shown(String value) {
        return value == null ? "null" : value.chars().mapToObj(Integer::toHexString).toList().toString();
    }
}
