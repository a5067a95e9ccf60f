package io.ssehub.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;

/** Settings for a {@link HubClient}; every one has the default named in {@link ClientSettings}. */
public final class HubClientBuilder {

    private final URI hub;
    private Duration initialRetry = ClientSettings.DEFAULT_INITIAL_RETRY;
    private Backoff backoff = Backoff.DEFAULT;
    private Duration connectTimeout = ClientSettings.DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = ClientSettings.DEFAULT_REQUEST_TIMEOUT;
    private Duration idleTimeout = ClientSettings.DEFAULT_IDLE_TIMEOUT;
    private Duration wakeInterval = ClientSettings.DEFAULT_WAKE_INTERVAL;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random = new Random();
    private Clock clock = Clock.systemUTC();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Supplier<String> token;
    private SSLContext sslContext;

    HubClientBuilder(URI hub) {
        this.hub = baseOf(hub);
    }

    /** Reconnect hint used until the hub sends one. */
    public HubClientBuilder initialRetry(Duration initialRetry) {
        this.initialRetry = initialRetry;
        return this;
    }

    /** Jitter added to the hint between attempts. */
    public HubClientBuilder backoff(Backoff backoff) {
        this.backoff = backoff;
        return this;
    }

    /** Longest wait for a TCP connection to the hub. */
    public HubClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** Longest wait for the answer to a publish. */
    public HubClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    /**
     * How long a stream may carry nothing, not even a keep-alive comment, before it is presumed dead and
     * resumed; keep it above three of the hub's {@code heartbeat.interval}.
     */
    public HubClientBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        return this;
    }

    /** How soon {@link Subscription#close()} takes effect on a quiet stream; see {@link ClientSettings#wakeInterval()}. */
    public HubClientBuilder wakeInterval(Duration wakeInterval) {
        this.wakeInterval = wakeInterval;
        return this;
    }

    /** What waits between attempts; tests record the delays instead. */
    public HubClientBuilder sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /** Draws the jitter; a seeded one makes the delays repeatable. */
    public HubClientBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    /** Reads {@code Retry-After} dates. */
    public HubClientBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Sends {@code Authorization: Bearer <token>} with every request: for a locked-down hub (see the README's
     * "Access control"). The token is never shown in messages or logs.
     */
    public HubClientBuilder token(String token) {
        String checked = RequestHeaders.requireToken(token);
        return token(() -> checked);
    }

    /**
     * Sends {@code Authorization: Bearer <token>} with every request, asking {@code token} again for each
     * publish and each connect of a stream, reconnects included: short-lived tokens work, as the hub ends a
     * stream when its token expires and the subscription reconnects with the supplier's next one. It runs on
     * the thread that sends the request, so it should answer quickly (from a cache that a refresh keeps
     * current). A supplier that fails or answers nothing fails that attempt only: a publish throws
     * {@link HubUnreachableException}, a subscription tries again later.
     */
    public HubClientBuilder token(Supplier<String> token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /**
     * Sends this header with every request (repeat it for more headers; the same name again replaces the
     * value). Names and values with line breaks are refused, as are the headers the client sets itself;
     * {@code Authorization} may be set here or with {@link #token}, not both.
     */
    public HubClientBuilder header(String name, String value) {
        RequestHeaders.requireName(name);
        headers.put(name, Objects.requireNonNull(value, () -> "the value of header " + name));
        return this;
    }

    /**
     * TLS for {@code https} hubs, instead of the JDK's default context (which the {@code javax.net.ssl.*}
     * system properties configure).
     */
    public HubClientBuilder sslContext(SSLContext sslContext) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        return this;
    }

    /**
     * The client; nothing is sent until its first subscription or publish.
     *
     * @throws IllegalArgumentException when a setting is out of its range, or a header value has a line break
     * @throws IllegalStateException    when {@code Authorization} is both a header and a token
     */
    public HubClient build() {
        return new HubClient(hub, new ClientSettings(initialRetry, backoff, connectTimeout, requestTimeout,
                idleTimeout, wakeInterval, sleeper, random, clock), new RequestHeaders(headers, token), sslContext);
    }

    /** Names the headers it will send, never their values. */
    @Override
    public String toString() {
        return "HubClientBuilder[" + hub + ", headers " + headers.keySet() + (token == null ? "" : ", a token") + "]";
    }

    private static URI baseOf(URI hub) {
        Objects.requireNonNull(hub, "hub");
        if (!hub.isAbsolute() || hub.getHost() == null
                || !("http".equalsIgnoreCase(hub.getScheme()) || "https".equalsIgnoreCase(hub.getScheme()))) {
            throw new IllegalArgumentException("the hub's URL must be an absolute http or https URL, not " + hub);
        }
        String path = hub.getRawPath() == null ? "" : hub.getRawPath();
        if (path.endsWith("/events") || path.endsWith("/events/")) {
            path = path.substring(0, path.lastIndexOf("events"));
        }
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(hub.getScheme() + "://" + hub.getRawAuthority() + path);
    }
}
