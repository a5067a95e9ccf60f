package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.http.util.DataChunk;

/**
 * Whether a {@code Content-Type} value names JSON: {@code application/json} in any case, with or without
 * parameters, whitespace around it ignored. Read on the header's value where Grizzly parsed it: asking the
 * request for its content type decoded the value into a new string and parsed it, for every publish (2 % of a
 * profile of publishes).
 */
final class JsonMediaType {

    private static final String JSON = "application/json";

    private JsonMediaType() {
    }

    /**
     * The rule a string would follow ({@code value.split(";")[0].trim().equalsIgnoreCase("application/json")}),
     * on the value's bytes or characters; {@code null} or an absent value is not JSON.
     */
    static boolean names(DataChunk value) {
        if (value == null || value.isNull()) {
            return false;
        }
        int end = 0;
        int length = value.getLength();
        while (end < length && HeaderBytes.at(value, end) != ';') {
            end++;
        }
        int start = 0;
        while (start < end && HeaderBytes.at(value, start) <= ' ') {
            start++;
        }
        while (end > start && HeaderBytes.at(value, end - 1) <= ' ') {
            end--;
        }
        return HeaderBytes.equalsIgnoringCase(value, start, end, JSON);
    }
}
