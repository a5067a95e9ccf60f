package io.ssehub.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.event.Json;
import io.ssehub.event.TypedPayload;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.jersey.media.sse.SseFeature;

/**
 * A Java client of one ssehub hub: subscriptions that resume after every failure, and publishing.
 * Built on Jersey's client and its SSE reader; thread-safe; close it to close every subscription it opened.
 *
 * <pre>{@code
 * try (HubClient client = HubClient.connect(URI.create("http://localhost:8080/"))) {
 *     String id = client.publish("news", new Notification("deploy finished", "info"));
 *     Subscription news = client.subscribe().topics("news")
 *             .on("notification", Notification.class, n -> System.out.println(n.message()))
 *             .open();
 *     ...
 * }
 * }</pre>
 */
public final class HubClient implements AutoCloseable {

    private final URI uri;
    private final ClientSettings settings;
    private final Client http;
    private final WebTarget events;
    private final Publisher publisher;
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    HubClient(URI uri, ClientSettings settings) {
        this.uri = uri;
        this.settings = settings;
        this.http = ClientBuilder.newBuilder()
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // For publishes; each stream request sets its own, the wake interval (see StreamAttempt).
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(SseFeature.class)
                .register(new WakingStreamFilter())
                .build();
        this.events = http.target(uri).path("events");
        this.publisher = new Publisher(events);
    }

    /**
     * A client of the hub at {@code hub} (its base URL, such as {@code http://localhost:8080/}; a URL
     * ending in {@code /events} is taken to mean its hub) with the default settings. Nothing is sent
     * until the first subscription or publish.
     */
    public static HubClient connect(URI hub) {
        return builder(hub).build();
    }

    /** A client with settings other than the defaults of {@link ClientSettings}. */
    public static HubClientBuilder builder(URI hub) {
        return new HubClientBuilder(hub);
    }

    /** The hub's base URL. */
    public URI uri() {
        return uri;
    }

    /** The settings this client was built with. */
    public ClientSettings settings() {
        return settings;
    }

    /** Starts describing a subscription; {@link SubscriptionBuilder#open()} opens it. */
    public SubscriptionBuilder subscribe() {
        requireOpen();
        return new SubscriptionBuilder(this);
    }

    Subscription open(Set<String> topics, Optional<String> lastEventId, Handlers handlers) {
        requireOpen();
        WebTarget target = events;
        for (String topic : topics) {
            target = target.queryParam("topic", topic);
        }
        Subscription subscription = new Subscription(new StreamAttempt(target, settings), lastEventId, handlers,
                settings, open::remove);
        open.add(subscription);
        subscription.start();
        if (closed.get()) {
            // close() ran between requireOpen() and add(): it may have missed this one.
            subscription.close();
        }
        return subscription;
    }

    /**
     * Publishes a typed payload on {@code topic}: its {@link TypedPayload#type()} is the event's type, the
     * record its JSON data.
     *
     * @return the id the hub gave the event
     * @throws HubRefusedException    when the hub refuses it (status and problem detail included)
     * @throws HubUnreachableException when the hub cannot be reached
     */
    public String publish(String topic, TypedPayload payload) {
        return publish(topic, payload, Optional.empty());
    }

    /** As {@link #publish(String, TypedPayload)}, with the reconnect hint the event carries to subscribers. */
    public String publish(String topic, TypedPayload payload, Optional<Duration> retry) {
        Objects.requireNonNull(payload, "payload");
        return publish(topic, payload.type(), Json.MAPPER.valueToTree(payload), retry);
    }

    /** Publishes JSON data given as text; it is parsed first, so text that is not JSON is never sent. */
    public String publish(String topic, String type, String json) {
        return publish(topic, type, parse(json), Optional.empty());
    }

    /** Publishes JSON data ({@code null} and {@code NullNode} publish JSON {@code null}). */
    public String publish(String topic, String type, JsonNode data) {
        return publish(topic, type, data, Optional.empty());
    }

    /**
     * Publishes one event; the hub checks the topic, type and retry against its rules.
     *
     * @return the id the hub gave the event
     * @throws HubRefusedException    when the hub refuses it (status and problem detail included)
     * @throws HubUnreachableException when the hub cannot be reached
     */
    public String publish(String topic, String type, JsonNode data, Optional<Duration> retry) {
        requireOpen();
        return publisher.publish(topic, type, data, retry);
    }

    /** Closes every subscription this client opened (see {@link Subscription#close()}), then the client. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // All of them stop at once; then each is waited for, so closing many takes as long as closing one.
        List<Subscription> subscriptions = List.copyOf(open);
        subscriptions.forEach(Subscription::requestClose);
        subscriptions.forEach(Subscription::awaitEnd);
        http.close();
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this HubClient is closed");
        }
    }

    /** Parses JSON text for the raw publish. */
    static JsonNode parse(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return Json.read(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("the data is not JSON: " + message, e);
        }
    }
}
