package io.ssehub.mercure;

import io.ssehub.refusal.Refusal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code mercure} claim of a verified token (spec, "Authorization"), or its namespaced spelling
 * {@code https://mercure.rocks/}: the topic selectors its bearer may publish to and receive private updates
 * of. A token without the claim, or without a member, grants nothing there. A claim of the wrong type is
 * refused naming it, never read as "nothing".
 *
 * @param publish   every topic of an update must match one for it to be published
 * @param subscribe one topic of a private update must match one for it to be received
 * @param payload   {@code mercure.payload}, any JSON value, shown in subscription events
 */
record MercureClaims(TopicSelectors publish, TopicSelectors subscribe, Optional<Object> payload) {

    static final String CLAIM = "mercure";
    static final String NAMESPACED_CLAIM = "https://mercure.rocks/";

    static final MercureClaims NOTHING = new MercureClaims(TopicSelectors.NONE, TopicSelectors.NONE, Optional.empty());
    static final MercureClaims EVERYTHING = new MercureClaims(TopicSelectors.EVERY_TOPIC, TopicSelectors.EVERY_TOPIC,
            Optional.empty());

    /** @throws Refusal (unauthorized) naming the claim of the wrong type */
    static MercureClaims read(Map<String, Object> claims) {
        String name = claims.containsKey(CLAIM) ? CLAIM : NAMESPACED_CLAIM;
        if (!claims.containsKey(name)) {
            return NOTHING;
        }
        if (!(claims.get(name) instanceof Map<?, ?> mercure)) {
            throw wrongType(name, "an object such as {\"publish\": [\"*\"], \"subscribe\": [\"*\"]}");
        }
        return new MercureClaims(selectors(mercure, name, "publish"), selectors(mercure, name, "subscribe"),
                Optional.ofNullable(mercure.get("payload")));
    }

    private static TopicSelectors selectors(Map<?, ?> mercure, String claim, String member) {
        if (!mercure.containsKey(member)) {
            return TopicSelectors.NONE;
        }
        if (!(mercure.get(member) instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw wrongType(claim + "." + member, "an array of topic selectors (strings)");
        }
        return TopicSelectors.of(list.stream().map(String.class::cast).toList());
    }

    private static Refusal wrongType(String claim, String what) {
        return Refusal.unauthorized("the token's '" + claim + "' claim must be " + what);
    }
}
