package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mercure's topic selectors (spec, "Topic Selectors") and the RFC 6570 templates among them: what each
 * operator can expand to matches, what it cannot does not, and an invalid template is a plain string.
 */
class TopicSelectorTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = ' ', value = {
        "https://example.com/books/{id} https://example.com/books/1",
        "https://example.com/books/{id} https://example.com/books/a-b.c_d~e",
        "https://example.com/books/{id} https://example.com/books/%C3%A9t%C3%A9",
        "https://example.com/books/{id} https://example.com/books/été",
        "https://example.com/books/{id} https://example.com/books/",
        "https://example.com/users/foo/{?topic} https://example.com/users/foo/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1",
        "https://example.com/users/foo/{?topic} https://example.com/users/foo/",
        "{+path}/here /foo/bar/here",
        "https://example.com{/a,b} https://example.com/x/y",
        "https://example.com{/a,b} https://example.com/x",
        "https://example.com{/list*} https://example.com/a/b/c",
        "X{.dom*} X.a.b",
        "X{#frag} X#a/b,c",
        "map{;x,y} map;x=1;y=2",
        "map{;x,y} map;x",
        "q{?x,y} q?x=1&y=2",
        "q{?x,y} q?y=2",
        "q{?x}{&y} q?x=1&y=2",
        "q{?list} q?list=a,b,c",
        "q{?keys*} q?a=1&b=2",
        "p/{id:3} p/abc",
        "p/{id:3} p/ab",
        "* anything-at-all",
        "https://example.com/books/{id} https://example.com/books/{id}",
    })
    void matches(String selector, String topic) {
        assertTrue(TopicSelector.of(selector).matches(topic), selector + " should match " + topic);
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource(delimiter = ' ', value = {
        "https://example.com/books/{id} https://example.com/books/1/2",
        "https://example.com/books/{id} https://example.com/books/1?x=y",
        "https://example.com/books/{id} https://example.com/books/1#x",
        "https://example.com/books/{id} http://example.com/books/1",
        "https://example.com/books/{id} https://example.com/authors/1",
        "https://example.com/users/foo/{?topic} https://example.com/users/foo/?topic=https://example.com/books/1",
        "https://example.com/users/foo/{?topic} https://example.com/users/foo/?other=1",
        "https://example.com/users/foo/{?topic} https://example.com/users/bar/?topic=1",
        "https://example.com{/a,b} https://example.com/x/y/z",
        "q{?x,y} q?z=1",
        "q{?x,y} q?y=2&x=1",
        "p/{id:3} p/abcd",
        "https://example.com/books/1 https://example.com/books/10",
    })
    void doesNotMatch(String selector, String topic) {
        assertFalse(TopicSelector.of(selector).matches(topic), selector + " should not match " + topic);
    }

    /** Not valid URI templates: matched as plain strings, by equality only. */
    @ParameterizedTest
    @ValueSource(strings = {"a{", "a{}", "a{=x}", "a{x y}", "a b{x}", "a{x:0}", "a{x:10000}", "a{x*:3}", "a%zz{x}",
        "a{|x}"})
    void anInvalidTemplateMatchesOnlyItself(String selector) {
        assertTrue(UriTemplatePattern.of(selector).isEmpty(), selector);
        assertTrue(TopicSelector.of(selector).matches(selector));
        assertFalse(TopicSelector.of(selector).matches(selector.replace("{", "").replace("}", "")));
    }

    @Test
    void aTemplateTooLargeToHoldIsAPlainString() {
        String manyPrefixes = IntStream.range(0, 20).mapToObj(i -> "{v" + i + ":255}").collect(Collectors.joining());
        assertTrue(UriTemplatePattern.of(manyPrefixes).isEmpty());
        String manyVariables = IntStream.range(0, UriTemplatePattern.MAX_VARIABLES + 1).mapToObj(i -> "v" + i)
                .collect(Collectors.joining(",", "x{", "}"));
        assertTrue(UriTemplatePattern.of(manyVariables).isEmpty());
    }

    /**
     * Adjacent variables are ambiguous: a backtracking engine would take time exponential in their number
     * here; RE2 takes time linear in the topic (times the pattern, which the cost bound keeps small).
     */
    @Test
    void noTemplateMakesMatchingBacktrack() {
        String adjacent = IntStream.range(0, 20).mapToObj(i -> "{v" + i + "}").collect(Collectors.joining()) + "!";
        TopicSelector selector = TopicSelector.of(adjacent);
        String topic = "a".repeat(200);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 100; i++) {
                assertFalse(selector.matches(topic));
            }
        });
    }

    @Test
    void aTemplateCostsWhatItsPatternHoldsAndAPlainStringNothing() {
        assertEquals(0, TopicSelector.of("https://example.com/books/1").cost());
        assertEquals(0, TopicSelector.of("*").cost());
        assertTrue(TopicSelector.of("https://example.com/books/{id}").cost() > 0);
        assertTrue(TopicSelector.of("https://example.com/books/{id}").cost() < 100);
    }
}
