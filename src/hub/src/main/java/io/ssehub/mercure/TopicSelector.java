package io.ssehub.mercure;

import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * One Mercure topic selector (spec, "Topic Selectors"): {@code *} matches every topic; any selector matches
 * the topic that is exactly itself (so a template matches itself too, which is how a token's selectors are
 * compared with a subscriber's); a valid URI template also matches the topics it can expand to. Compiled once,
 * when the stream opens or the token is read; immutable, so lanes match with it concurrently.
 */
final class TopicSelector {

    static final String EVERY_TOPIC = "*";

    private final String text;
    private final Optional<Pattern> template;

    private TopicSelector(String text, Optional<Pattern> template) {
        this.text = text;
        this.template = template;
    }

    static TopicSelector of(String text) {
        return new TopicSelector(text, EVERY_TOPIC.equals(text) ? Optional.empty() : UriTemplatePattern.of(text));
    }

    boolean matches(String topic) {
        return EVERY_TOPIC.equals(text) || text.equals(topic)
                || (template.isPresent() && template.get().matches(topic));
    }

    @Override
    public String toString() {
        return text;
    }
}
