package io.ssehub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssehub.refusal.Refusal;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alphabets of topics and types, checked for every UTF-16 code unit in the first place and in a later
 * one, against the grammar they are documented by (as regular expressions, here only: the rules check
 * them with a loop).
 */
class EventRulesAlphabetTest {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    @Test
    void aTopicIsWhatItsGrammarSaysForEveryCharacterInEveryPlace() {
        assertFollows(TOPIC, EventRules::requireTopic, "1", "topic");
    }

    @Test
    void aTypeIsWhatItsGrammarSaysForEveryCharacterInEveryPlace() {
        assertFollows(TYPE, EventRules::requireType, "Z", "type");
    }

    /** Every code unit alone, after a letter, between letters and after {@code other}: accepted iff the grammar matches. */
    private static void assertFollows(Pattern grammar, Consumer<String> rule, String other, String what) {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            for (String text : new String[] {String.valueOf(c), "a" + c, "a" + c + "b", other + c}) {
                assertEquals(grammar.matcher(text).matches(), accepted(() -> rule.accept(text)),
                        () -> what + " " + escaped(text));
            }
        }
    }

    @Test
    void emptyAndOverlongAreRefusedWithTheirOwnReason() {
        Refusal empty = assertThrows(Refusal.class, () -> EventRules.requireTopic(""));
        assertEquals(Optional.of("topic"), empty.field());
        Refusal longTopic = assertThrows(Refusal.class, () -> EventRules.requireTopic("a".repeat(EventRules.MAX_TOPIC_LENGTH + 1)));
        assertEquals(Optional.of("topic"), longTopic.field());
        Refusal longType = assertThrows(Refusal.class, () -> EventRules.requireType("a".repeat(EventRules.MAX_TYPE_LENGTH + 1)));
        assertEquals(Optional.of("type"), longType.field());
        EventRules.requireTopic("a".repeat(EventRules.MAX_TOPIC_LENGTH));
        EventRules.requireType("a".repeat(EventRules.MAX_TYPE_LENGTH));
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (Refusal refused) {
            return false;
        }
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }
}
