package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.http.util.DataChunk;

/**
 * A header's value read where Grizzly parsed it, a byte at a time: the checks every request goes through
 * ({@link JsonMediaType}, {@link RequestFraming}) asked for values as strings, which Grizzly decodes anew on
 * each call. Ranges are {@code [from, to)} within the value.
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

    /** Where the range starts once its optional whitespace (spaces and tabs, RFC 9110 section 5.6.3) is skipped. */
    static int withoutLeadingWhitespace(DataChunk value, int from, int to) {
        while (from < to && isOptionalWhitespace(at(value, from))) {
            from++;
        }
        return from;
    }

    /** Where the range ends once its trailing optional whitespace is dropped. */
    static int withoutTrailingWhitespace(DataChunk value, int from, int to) {
        while (to > from && isOptionalWhitespace(at(value, to - 1))) {
            to--;
        }
        return to;
    }

    /** Whether the range is one decimal number of 1 to {@code maxDigits} digits. */
    static boolean isDecimal(DataChunk value, int from, int to, int maxDigits) {
        if (to == from || to - from > maxDigits) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = at(value, i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether the range is {@code ascii} in any case of its ASCII letters (no other character folds to one). */
    static boolean equalsIgnoringCase(DataChunk value, int from, int to, String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (lowerCase(at(value, from + i)) != lowerCase(ascii.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether two ranges hold the same bytes. */
    static boolean same(DataChunk one, int oneFrom, int oneTo, DataChunk other, int otherFrom, int otherTo) {
        if (oneTo - oneFrom != otherTo - otherFrom) {
            return false;
        }
        for (int i = 0; i < oneTo - oneFrom; i++) {
            if (at(one, oneFrom + i) != at(other, otherFrom + i)) {
                return false;
            }
        }
        return true;
    }

    private static int lowerCase(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static boolean isOptionalWhitespace(int c) {
        return c == ' ' || c == '\t';
    }
}
