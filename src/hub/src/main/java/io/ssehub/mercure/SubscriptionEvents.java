package io.ssehub.mercure;

import io.ssehub.core.Hub;
import io.ssehub.event.EventDraft;
import io.ssehub.event.Json;
import io.ssehub.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, through the hub's log like any update, a private update when a Mercure subscription starts or
 * ends (spec, "Subscription Events"): topic {@code /.well-known/mercure/subscriptions/{topic}/{subscriber}},
 * both percent-encoded as RFC 6570 expands them, and a JSON-LD document saying which, with the subscriber's
 * {@code mercure.payload}. Subscribers whose token's {@code subscribe} selectors match that topic receive it.
 */
final class SubscriptionEvents {

    static final String PREFIX = UpdateForm.HUB_PATH + "/subscriptions/";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEvents.class);

    private final Hub hub;

    SubscriptionEvents(Hub hub) {
        this.hub = hub;
    }

    /** One event per topic selector of the subscriber; none is lost silently, but none fails the stream either. */
    void publish(List<String> selectors, String subscriber, Optional<Object> payload, boolean active) {
        for (String selector : selectors) {
            String topic = PREFIX + expand(selector) + "/" + expand(subscriber);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("@context", "https://mercure.rocks/");
            document.put("id", topic);
            document.put("type", "Subscription");
            document.put("topic", selector);
            document.put("subscriber", subscriber);
            document.put("active", active);
            payload.ifPresent(value -> document.put("payload", value));
            try {
                hub.publish(new EventDraft(topic, null, Json.write(document), Optional.empty(),
                        Optional.of("urn:uuid:" + java.util.UUID.randomUUID()), List.of(), true));
            } catch (Refusal e) {
                // A hub shutting down, or a selector whose expansion is longer than a topic may be.
                LOG.debug("subscription event for {} not published: {}", subscriber, e.getMessage());
            }
        }
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
