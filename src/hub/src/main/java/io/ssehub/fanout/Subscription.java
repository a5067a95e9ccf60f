package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.event.EventRules;
import io.ssehub.refusal.Refusal;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one stream asked for: its topics (none means every topic) or, for a protocol that selects events
 * otherwise, its {@link EventFilter}; and, when it is resuming, the id of the last event it saw.
 * {@link #wants(Event)} is the one decision whether a stream receives an event.
 *
 * @param topics      exact topics of a native stream (none: every topic); empty for a filtered stream
 * @param lastEventId where the stream resumes
 * @param filter      present for a stream of another protocol, which then decides alone
 */
public record Subscription(Set<String> topics, Optional<String> lastEventId, Optional<EventFilter> filter) {

    public static final int MAX_TOPICS = 32;

    public Subscription {
        if (topics.size() > MAX_TOPICS) {
            throw Refusal.invalidField("topic", "may be given at most " + MAX_TOPICS + " times");
        }
        if (filter.isPresent() && !topics.isEmpty()) {
            throw new IllegalArgumentException("a filtered subscription names no topics: its filter decides alone");
        }
        topics.forEach(EventRules::requireTopic);
        lastEventId.ifPresent(id -> EventRules.requireSingleLine("Last-Event-ID", id));
        // Interned (once valid), as event topics are: matching an event to a stream is then mostly an
        // identity check.
        topics = topics.stream().map(String::intern).collect(Collectors.toUnmodifiableSet());
    }

    /** A stream of the native API: these topics (none: every topic). */
    public Subscription(Set<String> topics, Optional<String> lastEventId) {
        this(topics, lastEventId, Optional.empty());
    }

    public static Subscription of(Collection<String> topics, Optional<String> lastEventId) {
        return new Subscription(Set.copyOf(topics), lastEventId);
    }

    public static Subscription everything() {
        return new Subscription(Set.of(), Optional.empty());
    }

    /** A stream that receives what {@code filter} admits. */
    public static Subscription filtered(EventFilter filter, Optional<String> lastEventId) {
        return new Subscription(Set.of(), lastEventId, Optional.of(filter));
    }

    /**
     * What the metrics count the stream under: a native stream's topics, a filtered stream's selectors;
     * empty when it asked for every topic.
     */
    public Set<String> meteredTopics() {
        return filter.map(EventFilter::selectors).orElse(topics);
    }

    /**
     * How a lane finds this stream's events (see {@code TopicIndex}): every event, the events of its exact
     * topics, looked up by topic, or each event checked against {@link #wants} (a filtered stream, such as a
     * Mercure one, whose selectors no exact lookup can find).
     */
    public enum Routing { EVERY_TOPIC, BY_TOPIC, PER_EVENT }

    public Routing routing() {
        if (filter.isPresent()) {
            return Routing.PER_EVENT;
        }
        return topics.isEmpty() ? Routing.EVERY_TOPIC : Routing.BY_TOPIC;
    }

    /**
     * Whether the stream receives {@code event}: the one matching decision, which the lane's index and the
     * stream's own filter (for the events of a batch and of a replay) both follow. A filtered stream's filter
     * decides; a native stream takes an event under one of its topics (canonical or alternate), public: a
     * restricted event is for streams whose filter was authorised for it, which the native API's topics are not.
     */
    public boolean wants(Event event) {
        if (filter.isPresent()) {
            return filter.get().admits(event);
        }
        return !event.restricted() && (topics.isEmpty() || event.anyTopic(topics::contains));
    }
}
