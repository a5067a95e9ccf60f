package io.ssehub.mercure;

import io.ssehub.event.EventRules;
import io.ssehub.refusal.Refusal;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a subscribe request selects: the spec's {@code topic} parameters (topic selectors: {@code *}, a string,
 * a URI template) and the 1.0 draft's {@code match} and {@code match_exact} (its {@code exact} matcher: the
 * string itself, or {@code *}). They combine; at least one is required, and at most
 * {@link MercureLimits#MAX_TOPICS} together. The draft reserves every other name starting with
 * {@code match} (in any case) for matcher types, and a hub must refuse one it does not support: so does this
 * one, {@code match_urlpattern} included.
 *
 * @param texts     every selector as sent, templates first: what subscription events and metrics show
 * @param selectors the same, compiled
 */
record SelectorParameters(List<String> texts, TopicSelectors selectors) {

    static final String TOPIC = "topic";
    private static final String MATCH = "match";
    private static final String MATCH_EXACT = "match_exact";

    /** @throws Refusal (invalid field) naming the parameter that breaks a rule */
    static SelectorParameters of(MultivaluedMap<String, String> query) {
        List<String> templates = query.getOrDefault(TOPIC, List.of());
        List<String> exact = new ArrayList<>();
        for (String name : query.keySet()) {
            if (name.equals(MATCH) || name.equals(MATCH_EXACT)) {
                exact.addAll(query.get(name));
            } else if (name.toLowerCase(Locale.ROOT).startsWith(MATCH)) {
                throw Refusal.invalidField(name, "is not a matcher type this hub supports: use topic (topic "
                        + "selectors and URI templates), match or match_exact (exact topics)");
            }
        }
        List<String> texts = new ArrayList<>(templates);
        texts.addAll(exact);
        if (texts.isEmpty()) {
            throw Refusal.invalidField(TOPIC, "is required (at least one topic selector, or a match parameter)");
        }
        if (texts.size() > MercureLimits.MAX_TOPICS) {
            throw Refusal.invalidField(TOPIC, "and match may be given at most " + MercureLimits.MAX_TOPICS
                    + " times together");
        }
        templates.forEach(topic -> EventRules.requireIriTopic(TOPIC, topic));
        exact.forEach(topic -> EventRules.requireIriTopic(MATCH, topic));
        return new SelectorParameters(List.copyOf(texts), TopicSelectors.of(templates, exact));
    }
}
