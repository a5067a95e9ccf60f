package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import java.util.Collection;
import java.util.List;

/**
 * What a request may do: the topics it may publish to and the topics it may subscribe to. From a
 * token's {@code ssehub} claim, or everything in anonymous mode.
 */
public record Grants(List<TopicPattern> publish, List<TopicPattern> subscribe) {

    private static final Grants EVERYTHING = new Grants(List.of(new TopicPattern("*")), List.of(new TopicPattern("*")));

    public Grants {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    public static Grants everything() {
        return EVERYTHING;
    }

    /** @throws Refusal (forbidden) unless the grants allow publishing to {@code topic} */
    public void requirePublish(String topic) {
        if (!anyMatches(publish, topic)) {
            throw Refusal.forbidden("this token may not publish to topic '" + topic + "'; it may publish to "
                    + describe(publish));
        }
    }

    /**
     * A subscription is limited to the topics the token grants: asking for more is refused, never
     * silently narrowed. Asking for every topic (no topic parameter) needs the {@code *} grant.
     *
     * @throws Refusal (forbidden) naming the first topic beyond the grants
     */
    public void requireSubscribe(Collection<String> topics) {
        if (topics.isEmpty()) {
            if (subscribe.stream().noneMatch(TopicPattern::matchesEveryTopic)) {
                throw Refusal.forbidden("this token may not subscribe to every topic; name topics it may subscribe to: "
                        + describe(subscribe));
            }
            return;
        }
        for (String topic : topics) {
            if (!anyMatches(subscribe, topic)) {
                throw Refusal.forbidden("this token may not subscribe to topic '" + topic + "'; it may subscribe to "
                        + describe(subscribe));
            }
        }
    }

    /**
     * An indexed loop, neither a stream nor an iterator: it runs for every publish, and a stream's objects were
     * most of what checking a grant allocated.
     */
    private static boolean anyMatches(List<TopicPattern> patterns, String topic) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(topic)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<TopicPattern> patterns) {
        return patterns.isEmpty() ? "no topic" : patterns.toString();
    }
}
