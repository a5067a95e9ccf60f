package io.ssehub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#copyExactly} of a string writes what the mapper's own generator writes for it, for every UTF-16
 * code unit (sent as a {@code \\uXXXX} escape, so that any of them can be), alone and between other text:
 * strings that need no escaping take a shorter way there, which must not change a byte of the result.
 */
class JsonCopyStringTest {

    @Test
    void everyCharacterIsCopiedAsTheGeneratorWritesIt() throws IOException {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String escape = String.format(Locale.ROOT, "\\u%04x", (int) c);
            for (String json : new String[] {"\"" + escape + "\"", "\"ab" + escape + "cd\""}) {
                assertEquals(generated(json), copied(json), json);
            }
        }
    }

    @Test
    void plainAndEscapedTextAreCopiedAsTheGeneratorWritesThem() throws IOException {
        for (String json : new String[] {"\"\"", "\"plain text, 56 characters of it, as publishers send\"",
                "\"quote \\\" and backslash \\\\ and slash \\/\"", "\"line\\nbreak\\r\\ttab\"", "\"é and ☃ and 😀\""}) {
            assertEquals(generated(json), copied(json), json);
        }
    }

    private static String copied(String json) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            parser.nextToken();
            return Json.copyExactly(parser);
        }
    }

    /** The oracle: the mapper's generator copying the parser's string. */
    private static String generated(String json) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonParser parser = Json.MAPPER.createParser(json); JsonGenerator out = Json.MAPPER.createGenerator(text)) {
            parser.nextToken();
            out.copyCurrentEvent(parser);
        }
        return text.toString();
    }
}
