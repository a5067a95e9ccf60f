package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.http.util.DataChunk;
import org.junit.jupiter.api.Test;

/**
 * The plain request's Content-Length check, read on the header's bytes, accepts exactly what the string rule
 * it stands in front of accepts for a value without a comma: optional spaces and tabs around 1 to 18 digits.
 */
class HeaderBytesTest {

    @Test
    void acceptsAsTheStringRuleForEveryByteAnywhere() {
        List<String> values = new ArrayList<>(List.of("0", "57", " 57", "57\t", " \t57 \t", "", " ", "5 7",
                "1".repeat(18), "1".repeat(19), " " + "9".repeat(18) + " "));
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf((char) b);
            values.add(c + "57");
            values.add("5" + c + "7");
            values.add("57" + c);
            values.add(c);
        }
        for (String value : values) {
            if (value.indexOf(',') >= 0) {
                continue; // a list is left to the string rule, which splits it
            }
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            DataChunk chunk = DataChunk.newInstance();
            chunk.setBytes(bytes, 0, bytes.length);
            assertEquals(stringRule(value), isDecimalWithinWhitespace(chunk), () -> "for '" + value + "' " + codes(value));
        }
    }

    @Test
    void readsTheValueWhereItStartsInItsArray() {
        byte[] line = "Content-Length: 42\r\n".getBytes(StandardCharsets.ISO_8859_1);
        DataChunk chunk = DataChunk.newInstance();
        chunk.setBytes(line, 16, 18);
        assertTrue(isDecimalWithinWhitespace(chunk));
        assertEquals('4', HeaderBytes.at(chunk, 0));
        chunk.setBytes(line, 14, 18);
        assertFalse(isDecimalWithinWhitespace(chunk), "': 42' is not a number");
    }

    /** How RequestFraming reads one list element: its optional whitespace skipped, then the number. */
    private static boolean isDecimalWithinWhitespace(DataChunk chunk) {
        int from = HeaderBytes.withoutLeadingWhitespace(chunk, 0, chunk.getLength());
        int to = HeaderBytes.withoutTrailingWhitespace(chunk, from, chunk.getLength());
        return HeaderBytes.isDecimal(chunk, from, to, 18);
    }

    /** RequestFraming's rule for one value: spaces and tabs stripped, then 1 to 18 ASCII digits. */
    private static boolean stringRule(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        String text = value.substring(start, end);
        return !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String codes(String value) {
        return value.chars().mapToObj(Integer::toHexString).toList().toString();
    }
}
