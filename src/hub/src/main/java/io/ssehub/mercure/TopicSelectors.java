package io.ssehub.mercure;

import io.ssehub.event.Event;
import java.util.List;
import java.util.stream.Stream;

/**
 * Several topic selectors, as a subscriber's {@code topic} parameters or a token's {@code publish} or
 * {@code subscribe} claim give them: a topic matches when one of them matches it. None matches nothing.
 */
final class TopicSelectors {

    static final TopicSelectors NONE = new TopicSelectors(List.of());
    static final TopicSelectors EVERY_TOPIC = of(List.of(TopicSelector.EVERY_TOPIC));

    private final List<TopicSelector> selectors;

    private TopicSelectors(List<TopicSelector> selectors) {
        this.selectors = List.copyOf(selectors);
    }

    static TopicSelectors of(List<String> texts) {
        return new TopicSelectors(texts.stream().map(TopicSelector::of).toList());
    }

    /** The {@code templates} as {@link TopicSelector#of} reads them, and the {@code exact} ones as plain text. */
    static TopicSelectors of(List<String> templates, List<String> exact) {
        return new TopicSelectors(Stream.concat(templates.stream().map(TopicSelector::of),
                exact.stream().map(TopicSelector::exact)).toList());
    }

    boolean matches(String topic) {
        for (TopicSelector selector : selectors) {
            if (selector.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the event's topics, canonical or alternate, matches. */
    boolean matchesAnyTopicOf(Event event) {
        return !selectors.isEmpty() && event.anyTopic(this::matches);
    }

    /** What matching a topic against all of them costs per character (see {@link TopicSelector#cost()}). */
    int cost() {
        return selectors.stream().mapToInt(TopicSelector::cost).sum();
    }

    boolean isEmpty() {
        return selectors.isEmpty();
    }

    @Override
    public String toString() {
        return selectors.toString();
    }
}
