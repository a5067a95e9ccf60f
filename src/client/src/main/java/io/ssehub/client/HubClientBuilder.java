package io.ssehub.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

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
     * The client; nothing is sent until its first subscription or publish.
     *
     * @throws IllegalArgumentException when a setting is out of its range
     */
    public HubClient build() {
        return new HubClient(hub, new ClientSettings(initialRetry, backoff, connectTimeout, requestTimeout,
                idleTimeout, wakeInterval, sleeper, random, clock));
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
