package io.ssehub.security;

/**
 * One topic a token grants: an exact topic ({@code news}), every topic under a prefix ({@code chat/*}
 * matches {@code chat/42} and {@code chat/a/b}, not {@code chat}), or every topic ({@code *}).
 */
public record TopicPattern(String pattern) {

    public boolean matches(String topic) {
        if ("*".equals(pattern)) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return topic.startsWith(prefix) && topic.length() > prefix.length();
        }
        return pattern.equals(topic);
    }

    public boolean matchesEveryTopic() {
        return "*".equals(pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
