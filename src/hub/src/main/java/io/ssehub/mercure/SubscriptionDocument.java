package io.ssehub.mercure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One subscription as the spec shows it (spec, "Subscription Events"): one topic selector of one subscriber.
 * Its id, {@code /.well-known/mercure/subscriptions/{topic}/{subscriber}} with both expanded as RFC 6570
 * expands a value (everything but unreserved characters percent-encoded), is also the topic of its events
 * and the path the subscription API serves it at.
 *
 * @param topic      the topic selector the subscriber gave
 * @param subscriber the subscriber's IRI, the same for all its selectors
 * @param payload    its token's {@code mercure.payload}
 * @param active     true while the subscription lasts
 */
record SubscriptionDocument(String topic, String subscriber, Optional<Object> payload, boolean active) {

    /** The subscription API's path and the prefix of every subscription event's topic. */
    static final String COLLECTION = UpdateForm.HUB_PATH + "/subscriptions";
    /** The spec's fixed JSON-LD context. */
    static final String CONTEXT = "https://mercure.rocks/";

    String id() {
        return COLLECTION + "/" + expand(topic) + "/" + expand(subscriber);
    }

    /** The same subscription, ended. */
    SubscriptionDocument ended() {
        return new SubscriptionDocument(topic, subscriber, payload, false);
    }

    /** The JSON-LD document, with its {@code @context} unless a parent document gives it. */
    Map<String, Object> json(boolean withContext) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (withContext) {
            document.put("@context", CONTEXT);
        }
        document.put("id", id());
        document.put("type", "Subscription");
        document.put("topic", topic);
        document.put("subscriber", subscriber);
        document.put("active", active);
        payload.ifPresent(value -> document.put("payload", value));
        return document;
    }

    /** RFC 6570 simple expansion of one value: everything but unreserved characters percent-encoded in UTF-8. */
    static String expand(String value) {
        StringBuilder expanded = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                expanded.append((char) c);
            } else {
                expanded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return expanded.toString();
    }
}
