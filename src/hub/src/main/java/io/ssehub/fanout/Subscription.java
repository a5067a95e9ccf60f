package io.ssehub.fanout;

import io.ssehub.event.Event;
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

    /**
     * How a lane finds this stream's events (see {@code TopicIndex}): every event, the events of its exact
     * topics, looked up by topic, or each event checked against {@link #wants} (for a subscription whose
     * topics are patterns no exact lookup can find; none is yet).
     */
    public enum Routing { EVERY_TOPIC, BY_TOPIC, PER_EVENT }

    public Routing routing() {
        return topics.isEmpty() ? Routing.EVERY_TOPIC : Routing.BY_TOPIC;
    }

    /**
     * Whether this stream takes {@code event}: the one matching decision, which the lane's index and the
     * stream's own filter (for the events of a batch and of a replay) both follow.
     */
    public boolean wants(Event event) {
        return topics.isEmpty() || topics.contains(event.topic());
    }
}
