package io.ssehub.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Every setting of a {@link HubClient}, validated when built. Each has a named default; build one
 * with {@link HubClient#builder(java.net.URI)}.
 *
 * @param initialRetry   reconnect hint used until the hub sends one with {@code retry:}
 * @param backoff        jitter added to the hint, growing with consecutive failures
 * @param connectTimeout longest wait for a TCP connection to the hub
 * @param requestTimeout longest wait for the answer to a publish
 * @param idleTimeout    a stream that carries nothing, not even a keep-alive comment, for this long is
 *                       presumed dead and resumed on a new connection
 * @param wakeInterval   how often a reader blocked on a quiet stream wakes to see whether it was closed.
 *                       Jersey's default connector cannot interrupt a blocked read (jersey#3182, jersey#4549),
 *                       so this bounds how long {@link Subscription#close()} waits. It is the socket read
 *                       timeout, so it is also how long the hub may take to send a stream's response head;
 *                       a subscription whose hub takes longer doubles it for its next attempts, up to the
 *                       idle timeout
 * @param sleeper        waits between attempts
 * @param random         draws the jitter
 * @param clock          reads HTTP-date {@code Retry-After} headers
 */
public record ClientSettings(
        Duration initialRetry,
        Backoff backoff,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration idleTimeout,
        Duration wakeInterval,
        Sleeper sleeper,
        RandomGenerator random,
        Clock clock) {

    /** The hub's own default {@code retry} setting, so a client behaves the same before it has heard one. */
    public static final Duration DEFAULT_INITIAL_RETRY = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Three of the hub's default keep-alive intervals (15 s): one lost comment is not a dead connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_WAKE_INTERVAL = Duration.ofSeconds(1);

    /** Jersey takes timeouts as int milliseconds; a day is far beyond any sensible one anyway. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    public ClientSettings {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        require(initialRetry, Duration.ZERO, "initialRetry");
        require(connectTimeout, Duration.ofMillis(1), "connectTimeout");
        require(requestTimeout, Duration.ofMillis(1), "requestTimeout");
        require(wakeInterval, Duration.ofMillis(1), "wakeInterval");
        require(idleTimeout, wakeInterval, "idleTimeout");
    }

    /** Every setting at its default. */
    public static ClientSettings defaults() {
        return new ClientSettings(DEFAULT_INITIAL_RETRY, Backoff.DEFAULT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_WAKE_INTERVAL, Sleeper.SYSTEM, new Random(),
                Clock.systemUTC());
    }

    private static void require(Duration value, Duration min, String name) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + MAX_TIMEOUT + ", not " + value);
        }
    }
}
