package io.ssehub.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.ssehub.event.EventRules;
import io.ssehub.event.payload.Reset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to subscribe to and what to do with it; {@link #open()} starts the subscription. Obtained from
 * {@link HubClient#subscribe()}. Not thread-safe: build on one thread, then share the {@link Subscription}.
 *
 * <pre>{@code
 * Subscription news = client.subscribe()
 *         .topics("news")
 *         .lastEventId(storedId)
 *         .on("notification", Notification.class, n -> show(n.message()))
 *         .onReset(reset -> reloadEverything())
 *         .onAny(event -> log(event.type(), event.data()))
 *         .onFailure(error -> alert(error.getMessage()))
 *         .open();
 * }</pre>
 */
public final class SubscriptionBuilder {

    private final HubClient client;
    private final Set<String> topics = new LinkedHashSet<>();
    private final Map<String, Consumer<HubEvent>> byType = new LinkedHashMap<>();
    private String lastEventId;
    private Consumer<HubEvent> any;
    private Consumer<HubException> failure;

    SubscriptionBuilder(HubClient client) {
        this.client = client;
    }

    /** Topics to receive (the hub checks their names); none means every topic. */
    public SubscriptionBuilder topics(String... topics) {
        return topics(Arrays.asList(topics));
    }

    /** Topics to receive (the hub checks their names); none means every topic. */
    public SubscriptionBuilder topics(Collection<String> topics) {
        topics.forEach(topic -> this.topics.add(Objects.requireNonNull(topic, "topic")));
        return this;
    }

    /**
     * Starts after this event, as a reconnect would: the first request already carries it as
     * {@code Last-Event-ID}. When the hub no longer holds what followed it, the stream starts with a
     * {@code reset} event (see {@link #onReset}).
     */
    public SubscriptionBuilder lastEventId(String id) {
        EventRules.requireSingleLine("lastEventId", id);
        this.lastEventId = id;
        return this;
    }

    /** As {@link #lastEventId(String)} when present; from the live end of the stream when empty. */
    public SubscriptionBuilder lastEventId(Optional<String> id) {
        id.ifPresentOrElse(this::lastEventId, () -> this.lastEventId = null);
        return this;
    }

    /**
     * Handles events of {@code type}, their JSON data decoded into {@code dataType} (a record, usually;
     * unknown members are ignored). Data that does not decode stops the subscription with a
     * {@link HandlerFailedException}. Several handlers for one type run in the order given.
     */
    public <T> SubscriptionBuilder on(String type, Class<T> dataType, Consumer<? super T> handler) {
        Objects.requireNonNull(handler, "handler");
        ObjectReader reader = HubEvent.reader(dataType);
        return on(type, event -> handler.accept(event.decode(reader, dataType)));
    }

    /** Handles events of {@code type} as they arrived. */
    public SubscriptionBuilder on(String type, Consumer<? super HubEvent> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        Consumer<HubEvent> added = handler::accept;
        byType.merge(type, added, Consumer::andThen);
        return this;
    }

    /** Handles every event whose type has no handler of its own (see {@link #on}). */
    public SubscriptionBuilder onAny(Consumer<? super HubEvent> handler) {
        Objects.requireNonNull(handler, "handler");
        Consumer<HubEvent> added = handler::accept;
        any = any == null ? added : any.andThen(added);
        return this;
    }

    /**
     * Handles the hub's {@code reset} event: it could not resume from the last event id (it was evicted,
     * unknown, or from before a restart), so events may have been missed; everything it still holds follows.
     */
    public SubscriptionBuilder onReset(Consumer<? super Reset> handler) {
        return on(Reset.TYPE, Reset.class, handler);
    }

    /** Told once of the failure that stopped the subscription for good; without it, the failure is logged. */
    public SubscriptionBuilder onFailure(Consumer<? super HubException> handler) {
        Objects.requireNonNull(handler, "handler");
        Consumer<HubException> added = handler::accept;
        failure = failure == null ? added : failure.andThen(added);
        return this;
    }

    /** Starts the subscription: it connects on its own thread and keeps connecting until closed. */
    public Subscription open() {
        return client.open(new LinkedHashSet<>(topics), Optional.ofNullable(lastEventId),
                new Handlers(byType, any, failure));
    }
}
