package io.ssehub.mercure;

import io.ssehub.core.Hub;
import io.ssehub.event.EventDraft;
import io.ssehub.event.Json;
import io.ssehub.refusal.Refusal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mercure subscriptions of this hub's open streams (spec, "Active Subscriptions"), and the private
 * updates that tell when one starts or ends, published through the log like any update. Their one owner:
 * a stream is recorded here when it subscribes and forgotten when it ends, and nothing else keeps them.
 * Nothing here runs per update: only when a stream starts (a request thread) or ends (whichever thread holds its lane).
 *
 * <p>A change is recorded before its event is published, and the subscription API reads the log's last id
 * before it reads the records. So a change missing from an answer has its event after the answer's
 * {@code lastEventID}, and one whose event came before it is in the answer: a client that lists, then
 * subscribes to the events from that id, misses nothing (spec, "Subscription API").
 */
final class ActiveSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveSubscriptions.class);

    private final Hub hub;
    /** Each open subscriber's subscriptions, one per distinct topic selector, by subscriber IRI. */
    private final ConcurrentMap<String, List<SubscriptionDocument>> bySubscriber = new ConcurrentHashMap<>();

    ActiveSubscriptions(Hub hub) {
        this.hub = hub;
    }

    /**
     * Records a new subscriber under a fresh IRI, then publishes that its subscriptions started.
     *
     * @return the subscriber, to hand to {@link #ended} once its stream ends, however it ends
     */
    String started(List<String> selectors, Optional<Object> payload) {
        String subscriber = "urn:uuid:" + UUID.randomUUID();
        List<SubscriptionDocument> subscriptions = selectors.stream().distinct()
                .map(selector -> new SubscriptionDocument(selector, subscriber, payload, true)).toList();
        bySubscriber.put(subscriber, subscriptions);
        subscriptions.forEach(this::publish);
        return subscriber;
    }

    /** Forgets the subscriber, then publishes that its subscriptions ended; once, however often it is told. */
    void ended(String subscriber) {
        List<SubscriptionDocument> subscriptions = bySubscriber.remove(subscriber);
        if (subscriptions != null) {
            subscriptions.forEach(subscription -> publish(subscription.ended()));
        }
    }

    /**
     * Every active subscription, read lazily: each as of when the stream reaches it, so one recorded or
     * forgotten meanwhile may or may not be in it, and its event comes after the log's last id read before.
     */
    Stream<SubscriptionDocument> all() {
        return bySubscriber.values().stream().flatMap(List::stream);
    }

    /** The active subscription of {@code subscriber} to {@code topic}, if there is one. */
    Optional<SubscriptionDocument> find(String topic, String subscriber) {
        return bySubscriber.getOrDefault(subscriber, List.of()).stream()
                .filter(subscription -> subscription.topic().equals(topic)).findFirst();
    }

    /** One lost event is logged, never thrown: it must not fail the stream that caused it. */
    private void publish(SubscriptionDocument subscription) {
        try {
            hub.publish(new EventDraft(subscription.id(), null, Json.write(subscription.json(true)), Optional.empty(),
                    Optional.of("urn:uuid:" + UUID.randomUUID()), List.of(), true));
        } catch (Refusal e) {
            // A hub shutting down, a log that cannot hold private updates, or a topic too long to publish.
            LOG.debug("subscription event for {} not published: {}", subscription.subscriber(), e.getMessage());
        }
    }
}
