package io.ssehub.event;

import io.ssehub.refusal.Refusal;
import java.time.Duration;

/**
 * The rules every topic, type, id and retry hint obeys. Topics and types are restricted to a small
 * alphabet, so no CR, LF or NUL can ever reach an SSE field line (WHATWG HTML, "Server-sent events":
 * any of those would end the field and let the rest forge new ones).
 */
public final class EventRules {

    public static final int MAX_TOPIC_LENGTH = 128;
    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 128;
    public static final Duration MAX_RETRY = Duration.ofDays(1);
    /**
     * Longest topic a protocol whose topics are IRIs (Mercure) may use: ample for any real IRI, and small
     * enough that the topics of one event stay a small part of what the log holds for it.
     */
    public static final int MAX_IRI_TOPIC_LENGTH = 2048;

    private EventRules() {
    }

    public static void requireTopic(String topic) {
        requirePresent("topic", topic);
        require(topic.length() <= MAX_TOPIC_LENGTH, "topic", "must be at most " + MAX_TOPIC_LENGTH + " characters");
        require(isTopic(topic), "topic",
                "must start with a letter or digit and contain only letters, digits and . _ : / -");
    }

    /**
     * A topic of a protocol whose topics are IRIs (Mercure): any text up to {@link #MAX_IRI_TOPIC_LENGTH}
     * characters without control characters. Topics never go on the wire (no SSE field carries them), but
     * they reach the log, the metrics and messages, where a control character has no business.
     */
    public static void requireIriTopic(String field, String topic) {
        requirePresent(field, topic);
        require(topic.length() <= MAX_IRI_TOPIC_LENGTH, field, "must be at most " + MAX_IRI_TOPIC_LENGTH + " characters");
        for (int i = 0; i < topic.length(); i++) {
            require(!Character.isISOControl(topic.charAt(i)), field, "must not contain control characters");
        }
        requireEncodable(field, topic);
    }

    /** {@code topic} if it is a topic of the native API ({@link #requireTopic}): for constructor chains. */
    static String topic(String topic) {
        requireTopic(topic);
        return topic;
    }

    /** {@code type} if it is a type of the native API ({@link #requireType}): for constructor chains. */
    static String type(String type) {
        requireType(type);
        return type;
    }

    /** {@code data} if it is data of the native API ({@link #requireData}): for constructor chains. */
    static String data(String data) {
        requireData(data);
        return data;
    }

    public static void requireType(String type) {
        requirePresent("type", type);
        require(type.length() <= MAX_TYPE_LENGTH, "type", "must be at most " + MAX_TYPE_LENGTH + " characters");
        require(isType(type), "type",
                "must start with a letter and contain only letters, digits and . _ -");
    }

    /**
     * Data is JSON text, sent as UTF-8. A lone surrogate (a UTF-16 code unit from U+D800 to U+DFFF without
     * its pair, which a JSON string escape can name) has no UTF-8 form: the encoder would replace it with
     * {@code ?} (RFC 3629, section 3).
     */
    public static void requireData(String data) {
        requirePresent("data", data);
        requireEncodable("data", data);
    }

    /** Text that has a UTF-8 form: no lone surrogate. Empty text is fine. */
    public static void requireEncodable(String field, String text) {
        require(text != null, field, "is required");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                require(paired, field, "holds a lone surrogate (an escape from \\ud800 to \\udfff without its pair), "
                        + "which cannot be carried: streams are UTF-8, which has no form for it");
                i++;
            }
        }
    }

    public static void requireRetry(Duration retry) {
        require(!retry.isNegative() && retry.compareTo(MAX_RETRY) <= 0, "retry",
                "must be between 0 and " + MAX_RETRY.toMillis() + " milliseconds");
    }

    /** A value for a single-line SSE field (id, event name): no CR, LF or NUL, bounded length. */
    public static void requireSingleLine(String field, String value) {
        requirePresent(field, value);
        require(value.length() <= MAX_ID_LENGTH, field, "must be at most " + MAX_ID_LENGTH + " characters");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            require(c != '\r' && c != '\n' && c != '\0', field, "must not contain CR, LF or NUL");
        }
    }

    /*
     * Topics and types are checked on every publish and every subscription: a loop over their characters, not
     * a regular expression, whose matcher and group arrays each check allocated (3 % of a publish's profile).
     */

    /** {@code [A-Za-z0-9][A-Za-z0-9._:/-]*}, non-empty. */
    private static boolean isTopic(String topic) {
        if (!isAsciiLetterOrDigit(topic.charAt(0))) {
            return false;
        }
        for (int i = 1; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '/' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z][A-Za-z0-9._-]*}, non-empty. */
    private static boolean isType(String type) {
        if (!isAsciiLetter(type.charAt(0))) {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9';
    }

    private static void requirePresent(String field, String value) {
        require(value != null && !value.isEmpty(), field, "is required");
    }

    private static void require(boolean rule, String field, String message) {
        if (!rule) {
            throw Refusal.invalidField(field, message);
        }
    }
}
