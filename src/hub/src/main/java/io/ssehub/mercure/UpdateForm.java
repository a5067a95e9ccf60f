package io.ssehub.mercure;

import io.ssehub.event.EventDraft;
import io.ssehub.event.EventRules;
import io.ssehub.refusal.Refusal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of a Mercure publish (spec, "Publication"), {@code application/x-www-form-urlencoded}: {@code topic}
 * (repeatable: the first is canonical, the others alternates), {@code data}, {@code private} (present with
 * any value), {@code id}, {@code type} and {@code retry}; other names are ignored, as the reference hub does.
 * An update without an id is given {@code urn:uuid:<random UUID>}, an IRI as the spec requires.
 */
final class UpdateForm {

    /** The hub's own endpoint: an update may not pretend to come from it (its subscription events). */
    static final String HUB_PATH = "/.well-known/mercure";

    private UpdateForm() {
    }

    /** @throws Refusal (invalid field, malformed request) naming what breaks the rules */
    static EventDraft parse(byte[] body) {
        List<String> topics = new ArrayList<>();
        String data = null;
        String id = null;
        String type = null;
        String retry = null;
        boolean restricted = false;
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            switch (name) {
                case "topic" -> topics.add(value);
                case "data" -> data = data == null ? value : data;
                case "id" -> id = id == null ? value : id;
                case "type" -> type = type == null ? value : type;
                case "retry" -> retry = retry == null ? value : retry;
                case "private" -> restricted = true;
                default -> {
                    // ignored, as by the reference hub
                }
            }
        }
        requireTopics(topics);
        return new EventDraft(topics.get(0), type == null || type.isEmpty() ? null : type, data == null ? "" : data,
                retry(retry), Optional.of(id == null || id.isEmpty() ? "urn:uuid:" + UUID.randomUUID() : chosenId(id)),
                topics.subList(1, topics.size()), restricted);
    }

    private static void requireTopics(List<String> topics) {
        if (topics.isEmpty()) {
            throw Refusal.invalidField("topic", "is required (at least one)");
        }
        if (topics.size() > MercureLimits.MAX_TOPICS) {
            throw Refusal.invalidField("topic", "may be given at most " + MercureLimits.MAX_TOPICS + " times");
        }
        for (String topic : topics) {
            EventRules.requireIriTopic("topic", topic);
            if (topic.contains(HUB_PATH)) {
                throw Refusal.invalidField("topic", "must not contain " + HUB_PATH + ": the hub publishes those itself");
            }
        }
    }

    /** The spec reserves ids starting with {@code #} for hubs' own; CR, LF and NUL would break the id line. */
    private static String chosenId(String id) {
        if (id.startsWith("#")) {
            throw Refusal.invalidField("id", "must not start with '#' (reserved for ids the hub makes)");
        }
        EventRules.requireSingleLine("id", id);
        return id;
    }

    private static Optional<Duration> retry(String retry) {
        if (retry == null || retry.isEmpty()) {
            return Optional.empty();
        }
        if (!retry.matches("[0-9]{1,10}")) {
            throw Refusal.invalidField("retry", "must be an unsigned whole number of milliseconds");
        }
        return Optional.of(Duration.ofMillis(Long.parseLong(retry)));
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refusal.malformedRequest("the body is not valid application/x-www-form-urlencoded: "
                    + "a '%' is not followed by two hexadecimal digits");
        }
    }
}
