package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.http.util.DataChunk;

/**
 * A header's value read where Grizzly parsed it, a byte at a time: the checks every request goes through
 * ({@link JsonMediaType}, {@link RequestFraming}) asked for values as strings, which Grizzly decodes anew on
 * each call.
 */
final class HeaderBytes {

    private HeaderBytes() {
    }

    /** The value's {@code index}th byte (as 0 to 255) or character, whichever way Grizzly holds it. */
    static int at(DataChunk value, int index) {
        int at = value.getStart() + index;
        return switch (value.getType()) {
            case Bytes -> value.getByteChunk().getBuffer()[at] & 0xFF;
            case Buffer -> value.getBufferChunk().getBuffer().get(at) & 0xFF;
            case Chars -> value.getCharChunk().getBuffer()[at];
            default -> value.toString().charAt(index);
        };
    }

    /**
     * Whether the value is one decimal number of 1 to {@code maxDigits} digits, with optional whitespace (spaces
     * and tabs, RFC 9110 section 5.6.3) around it.
     */
    static boolean isDecimal(DataChunk value, int maxDigits) {
        int start = 0;
        int end = value.getLength();
        while (start < end && isOptionalWhitespace(at(value, start))) {
            start++;
        }
        while (end > start && isOptionalWhitespace(at(value, end - 1))) {
            end--;
        }
        if (end == start || end - start > maxDigits) {
            return false;
        }
        for (int i = start; i < end; i++) {
            int c = at(value, i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isOptionalWhitespace(int c) {
        return c == ' ' || c == '\t';
    }
}
