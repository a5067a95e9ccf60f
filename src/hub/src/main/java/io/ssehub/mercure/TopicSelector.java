package io.ssehub.mercure;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Mercure topic selector (spec, "Topic Selectors"): {@code *} matches every topic; any selector matches
 * the topic that is exactly itself (so a template matches itself too, which is how a token's selectors are
 * compared with a subscriber's); a valid URI template also matches the topics it can expand to. Compiled once,
 * when the stream opens or the token is read, and shared by every stream that uses the same text; lanes
 * match with it concurrently.
 *
 * <p>Matching a template costs microseconds (RE2 is linear, not fast), and the same few topics come by again
 * and again, as the reference hub also found: each selector remembers its answer for the topics it has seen,
 * up to a bound, after which it starts remembering afresh.
 */
final class TopicSelector {

    static final String EVERY_TOPIC = "*";
    /** Selectors kept for sharing; past it the store starts afresh (streams keep the ones they hold). */
    static final int MAX_SHARED = 1_024;
    /** Answers a template selector remembers; past it it starts afresh. */
    static final int MAX_REMEMBERED = 128;

    private static final Map<String, TopicSelector> SHARED = new ConcurrentHashMap<>();

    private final String text;
    private final Optional<Pattern> template;
    /**
     * The template's literal text before its first expression and after its last: a topic that does not start
     * and end with them cannot match, which most topics an update carries show in a few comparisons, before
     * the pattern (linear, but not cheap) runs.
     */
    private final String literalPrefix;
    private final String literalSuffix;
    /** Whether the template matched each topic seen lately: event topics repeat, and are interned. */
    private final Map<String, Boolean> remembered = new ConcurrentHashMap<>();

    private TopicSelector(String text, Optional<Pattern> template) {
        this.text = text;
        this.template = template;
        this.literalPrefix = template.isPresent() ? text.substring(0, text.indexOf('{')) : text;
        this.literalSuffix = template.isPresent() ? text.substring(text.lastIndexOf('}') + 1) : "";
    }

    static TopicSelector of(String text) {
        TopicSelector shared = SHARED.get(text);
        if (shared != null) {
            return shared;
        }
        if (SHARED.size() >= MAX_SHARED) {
            SHARED.clear();
        }
        return SHARED.computeIfAbsent(text, key -> new TopicSelector(key,
                EVERY_TOPIC.equals(key) ? Optional.empty() : UriTemplatePattern.of(key)));
    }

    /**
     * A selector that matches exactly its own text (or every topic, for {@code *}), even when it reads as a
     * template: the 1.0 draft's {@code exact} matcher. Not shared: it holds no pattern to share.
     */
    static TopicSelector exact(String text) {
        return EVERY_TOPIC.equals(text) ? of(text) : new TopicSelector(text, Optional.empty());
    }

    boolean matches(String topic) {
        if (EVERY_TOPIC.equals(text) || text.equals(topic)) {
            return true;
        }
        if (template.isEmpty() || topic.length() < literalPrefix.length() + literalSuffix.length()
                || !topic.startsWith(literalPrefix) || !topic.endsWith(literalSuffix)) {
            return false;
        }
        Boolean known = remembered.get(topic);
        if (known != null) {
            return known;
        }
        boolean matches = template.get().matches(topic);
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(topic, matches);
        return matches;
    }

    /** What matching with it costs per character of a topic, in instructions of its pattern (none for a string). */
    int cost() {
        return template.map(Pattern::programSize).orElse(0);
    }

    @Override
    public String toString() {
        return text;
    }
}
