package io.ssehub.fanout;

import io.ssehub.event.EventRules;
import io.ssehub.refusal.Refusal;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one stream asked for: its topics (none means every topic) and, when it is resuming, the id of
 * the last event it saw.
 */
public record Subscription(Set<String> topics, Optional<String> lastEventId) {

    public static final int MAX_TOPICS = 32;

    public Subscription {
        if (topics.size() > MAX_TOPICS) {
            throw Refusal.invalidField("topic", "may be given at most " + MAX_TOPICS + " times");
        }
        topics.forEach(EventRules::requireTopic);
        lastEventId.ifPresent(id -> EventRules.requireSingleLine("Last-Event-ID", id));
        // Interned (once valid), as event topics are: matching an event to a stream is then mostly an
        // identity check.
        topics = topics.stream().map(String::intern).collect(Collectors.toUnmodifiableSet());
    }

    public static Subscription of(Collection<String> topics, Optional<String> lastEventId) {
        return new Subscription(Set.copyOf(topics), lastEventId);
    }

    public static Subscription everything() {
        return new Subscription(Set.of(), Optional.empty());
    }

    public boolean wants(String topic) {
        return topics.isEmpty() || topics.contains(topic);
    }
}
