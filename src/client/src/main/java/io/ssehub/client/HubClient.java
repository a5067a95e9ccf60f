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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.glassfish.jersey.media.sse.SseFeature;

/**
 * A Java client of one ssehub hub: subscriptions that resume after every failure, and publishing.
 * Built on Jersey's client and its SSE reader; thread-safe; close it to close every subscription it opened.
 * Creating one sends nothing: each subscription connects when opened, each publish when called.
 *
 * <pre>{@code
 * try (HubClient client = HubClient.builder(URI.create("https://hub.example/")).token(tokens::current).build()) {
 *     String id = client.publish("news", new Notification("deploy finished", "info"));
 *     client.publishAsync("orders", "order-placed", new OrderPlaced(42, "EUR")).thenAccept(this::remember);
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
    private final RequestHeaders headers;
    private final Client http;
    private final WebTarget events;
    private final Publisher publisher;
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param sslContext for https hubs; {@code null} for the JDK's default */
    HubClient(URI uri, ClientSettings settings, RequestHeaders headers, SSLContext sslContext) {
        this.uri = uri;
        this.settings = settings;
        this.headers = headers;
        // Jersey's default connector is HttpURLConnection, which follows the JDK's proxy settings
        // (http(s).proxyHost, the default ProxySelector) as long as no proxy is configured here, and none is.
        ClientBuilder builder = ClientBuilder.newBuilder();
        if (sslContext != null || "https".equalsIgnoreCase(uri.getScheme())) {
            // Without a context of its own Jersey builds one from the javax.net.ssl.* properties, which
            // would ignore an SSLContext.setDefault(...) of the application: the JDK's default honours both.
            // Only for https: loading the default context reads the trust store, which a plain http hub never needs.
            builder.sslContext(sslContext != null ? sslContext : jdkDefaultSslContext());
        }
        this.http = builder
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // For publishes; each stream request sets its own, the wake interval (see StreamAttempt).
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(SseFeature.class)
                .register(new WakingStreamFilter())
                .register(headers)
                .build();
        this.events = http.target(uri).path("events");
        this.publisher = new Publisher(events);
    }

    /**
     * A client of the hub at {@code hub} (its base URL, such as {@code http://localhost:8080/}; a URL
     * ending in {@code /events} is taken to mean its hub) with the default settings and no token. Nothing
     * is sent until the first subscription or publish.
     */
    public static HubClient of(URI hub) {
        return builder(hub).build();
    }

    /** A client with a token, headers, TLS or settings other than the defaults of {@link ClientSettings}. */
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

    /**
     * Publishes any record or POJO as the event's JSON data, written by the client's Jackson mapper
     * ({@link Json#MAPPER}); {@code null} publishes JSON {@code null}.
     *
     * @throws IllegalArgumentException when {@code payload} is a {@link String} (ambiguous: JSON text goes
     *                                  to {@link #publish(String, String, String)}), or Jackson cannot write it
     */
    public String publish(String topic, String type, Object payload) {
        return publish(topic, type, toJson(payload), Optional.empty());
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

    /**
     * Publishes several events in one request ({@code POST /events/batch}), all or none: the hub checks every
     * event and the grant for every topic before it publishes any, and publishes them in order.
     *
     * @return the ids the hub gave the events, in the batch's order
     * @throws HubRefusedException    when the hub refuses the batch (the problem's field and detail name the
     *                                 event, such as {@code [2].topic}); none was published
     * @throws HubUnreachableException when the hub cannot be reached
     */
    public List<String> publishAll(List<EventToPublish> batch) {
        requireOpen();
        return publisher.publishAll(List.copyOf(batch));
    }

    /**
     * As {@link #publish(String, TypedPayload)}, without blocking the caller: the future completes with the
     * id, or exceptionally with {@link HubRefusedException} or {@link HubUnreachableException}.
     */
    public CompletableFuture<String> publishAsync(String topic, TypedPayload payload) {
        Objects.requireNonNull(payload, "payload");
        return publishAsync(topic, payload.type(), Json.MAPPER.valueToTree(payload), Optional.empty());
    }

    /** As {@link #publish(String, String, Object)}, without blocking the caller (see {@link #publishAsync(String, TypedPayload)}). */
    public CompletableFuture<String> publishAsync(String topic, String type, Object payload) {
        return publishAsync(topic, type, toJson(payload), Optional.empty());
    }

    /** As {@link #publish(String, String, JsonNode, Optional)}, without blocking the caller. */
    public CompletableFuture<String> publishAsync(String topic, String type, JsonNode data, Optional<Duration> retry) {
        requireOpen();
        return publisher.publishAsync(topic, type, data, retry);
    }

    /** Names the hub and the headers it sends, never their values. */
    @Override
    public String toString() {
        return "HubClient[" + uri + ", " + headers + "]";
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

    /** The data of an object publish; a String is refused because its two readings (JSON text, a JSON string) differ. */
    private static JsonNode toJson(Object payload) {
        if (payload instanceof String) {
            throw new IllegalArgumentException("a String payload is ambiguous: publish JSON text with "
                    + "publish(topic, type, String json), a JSON string with a TextNode");
        }
        return Json.MAPPER.valueToTree(payload);
    }

    private static SSLContext jdkDefaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
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
