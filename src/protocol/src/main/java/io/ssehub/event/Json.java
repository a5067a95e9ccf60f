package io.ssehub.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The hub's one JSON mapper. Output is compact, so serialised data never contains a raw line break
 * (JSON escapes them inside strings); input refuses duplicate keys rather than silently keeping one.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // A second value after the object is refused: it would otherwise be dropped without a word.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /**
     * Copies the JSON value the parser is at, as compact text, with every number exactly as it was written.
     * Read into a double or a BigDecimal and written back, {@code 1e400} would become {@code "Infinity"} or
     * {@code 1E+400}, and {@code 0.1000000000000000055511151231257827} would lose digits; the parser keeps
     * a number's text, so it is passed on unread. Strings and names are passed on as they were decoded.
     *
     * @throws IOException where the text stops being JSON
     */
    public static String copyExactly(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            String value = parser.getText();
            if (writtenAsIs(value)) {
                // What the generator would write, without making one: the most common data is such a string.
                return '"' + value + '"';
            }
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator out = MAPPER.createGenerator(text)) {
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token.isNumeric()) {
                    out.writeNumber(parser.getText());
                } else {
                    out.copyCurrentEvent(parser);
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            } while (depth > 0 && parser.nextToken() != null);
        }
        return text.toString();
    }

    /**
     * Whether the mapper's generators write {@code value} between its quotes character for character, as
     * text and as UTF-8 alike: they escape only the quote, the backslash and control characters below U+0020
     * (no non-ASCII escaping is enabled). Surrogates are left to the generators, whose UTF-8 handling of them
     * differs from {@link String#getBytes}.
     */
    public static boolean writtenAsIs(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Parses JSON text; the exception's message says where the text stopped being JSON. */
    public static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }
}
