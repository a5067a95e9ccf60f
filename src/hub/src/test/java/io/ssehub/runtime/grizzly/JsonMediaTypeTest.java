package io.ssehub.runtime.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

/**
 * The plain publish's Content-Type check, read on the header's bytes, decides as the string rule it replaced
 * did ({@code getHeader(Content-Type)}, the part before {@code ;}, trimmed, {@code equalsIgnoreCase}): for every
 * byte put before, inside and after the media type, whichever way Grizzly holds the value.
 */
class JsonMediaTypeTest {

    private static final List<String> SHAPES = List.of("application/json", "Application/JSON", " application/json ",
            "\tapplication/json;charset=utf-8", "application/json ; charset=\"utf-8\"", "application/json;",
            "application/jsonp", "application/jso", "text/json", "application/*", "", ";application/json");

    @Test
    void decidesAsTheStringRuleForEveryByteAnywhere() {
        List<String> values = new ArrayList<>(SHAPES);
        String json = "application/json";
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf((char) b);
            values.add(c + json);
            values.add(json + c);
            values.add(json.substring(0, 5) + c + json.substring(5));
            values.add(json.substring(0, 11) + c + json.substring(12)); // in place of the slash
            values.add(json.substring(0, 15) + c); // in place of the last letter
            values.add(json + c + ";q");
        }
        int checked = 0;
        for (String value : values) {
            boolean expected = stringRule(value);
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            for (Function<byte[], DataChunk> holding : holdings()) {
                assertEquals(expected, JsonMediaType.names(holding.apply(bytes)), () -> "for " + escaped(value));
                checked++;
            }
        }
        assertEquals(values.size() * holdings().size(), checked);
    }

    @Test
    void namesJsonWithParametersAndInAnyCaseOnly() {
        assertTrue(JsonMediaType.names(bytes("application/json")));
        assertTrue(JsonMediaType.names(bytes("APPLICATION/Json; charset=utf-8")));
        assertFalse(JsonMediaType.names(bytes("application/json-patch+json")));
        assertFalse(JsonMediaType.names(null));
        assertFalse(JsonMediaType.names(DataChunk.newInstance()));
    }

    /** What the plain publish checked before, on the value as Grizzly decodes header bytes (ISO-8859-1). */
    private static boolean stringRule(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().equalsIgnoreCase("application/json");
    }

    private static List<Function<byte[], DataChunk>> holdings() {
        return List.of(JsonMediaTypeTest::bytes, JsonMediaTypeTest::buffer, JsonMediaTypeTest::chars,
                JsonMediaTypeTest::string);
    }

    private static DataChunk bytes(String value) {
        return bytes(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes inside a larger array, as a parsed request holds them. */
    private static DataChunk bytes(byte[] value) {
        byte[] around = new byte[value.length + 6];
        System.arraycopy(value, 0, around, 3, value.length);
        DataChunk chunk = DataChunk.newInstance();
        chunk.setBytes(around, 3, 3 + value.length);
        return chunk;
    }

    private static DataChunk buffer(byte[] value) {
        byte[] around = new byte[value.length + 4];
        System.arraycopy(value, 0, around, 2, value.length);
        DataChunk chunk = DataChunk.newInstance();
        chunk.setBuffer(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, around), 2, 2 + value.length);
        return chunk;
    }

    private static DataChunk chars(byte[] value) {
        char[] around = ("x" + new String(value, StandardCharsets.ISO_8859_1) + "x").toCharArray();
        DataChunk chunk = DataChunk.newInstance();
        chunk.setChars(around, 1, 1 + value.length);
        return chunk;
    }

    private static DataChunk string(byte[] value) {
        DataChunk chunk = DataChunk.newInstance();
        chunk.setString(new String(value, StandardCharsets.ISO_8859_1));
        return chunk;
    }

    private static String escaped(String value) {
        StringBuilder shown = new StringBuilder();
        for (char c : value.toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02x", (int) c));
        }
        return shown.toString();
    }
}
