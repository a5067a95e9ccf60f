package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.event.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The answer to a publish, {@code {"id":…,"topic":…,"type":…}}, is byte for byte what the mapper's generator
 * writes for those three, for an id holding any UTF-16 code unit an id may hold: ids that need nothing escaped take a
 * shorter way there, which must not change a byte.
 */
class NativePublishAnswerTest {

    @Test
    void anAnswerIsWhatTheGeneratorWritesForEveryCharacterOfAnId() throws JsonProcessingException {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (c == '\r' || c == '\n' || c == '\0') {
                continue; // no id holds them (EventRules.requireSingleLine)
            }
            String id = "run-" + c + "-7";
            assertAnswered(id, "orders/42:eu_west-1.x", "order.created");
        }
    }

    @Test
    void anAnswerIsWhatTheGeneratorWritesForTheLogsOwnIdsAndEveryTopicAlphabet() throws JsonProcessingException {
        assertAnswered("k3x9q2m7fa-1048576", "t00042", "bench");
        assertAnswered("a\"b\\c", "A.Z_0:9/a-z", "Z.9_a-z");
        assertAnswered("\ud83d\ude00 é ☃", "prices/ACME", "price");
    }

    private static void assertAnswered(String id, String topic, String type) throws JsonProcessingException {
        Event event = new Event(new EventId(id, 7), topic, type, "1", Optional.empty(), Instant.EPOCH);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("topic", topic);
        fields.put("type", type);
        String expected = new String(Json.MAPPER.writeValueAsBytes(fields), StandardCharsets.UTF_8);
        assertEquals(expected, new String(NativePublish.answer(event), StandardCharsets.UTF_8), () -> "id " + id.chars()
                .mapToObj(ch -> String.format("\\u%04x", ch)).reduce("", String::concat));
    }
}
