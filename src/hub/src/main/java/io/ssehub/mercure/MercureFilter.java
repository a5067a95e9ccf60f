package io.ssehub.mercure;

import io.ssehub.event.Event;
import io.ssehub.fanout.EventFilter;
import java.util.Set;

/**
 * Which updates a Mercure stream receives (spec, "Subscription" and "Subscribers"): those with a topic,
 * canonical or alternate, that matches one of its {@code topic} selectors; a private one only if a topic of
 * it also matches a {@code subscribe} selector of its token. Events of the native API are public and
 * reach it the same way.
 *
 * @param topics     the selectors of its {@code topic} parameters
 * @param authorized the selectors of its token's {@code mercure.subscribe} claim (none for an anonymous one)
 * @param selectors  the {@code topic} parameters as sent, which the metrics count the stream under
 */
record MercureFilter(TopicSelectors topics, TopicSelectors authorized, Set<String> selectors) implements EventFilter {

    @Override
    public boolean admits(Event event) {
        return topics.matchesAnyTopicOf(event) && (!event.restricted() || authorized.matchesAnyTopicOf(event));
    }
}
