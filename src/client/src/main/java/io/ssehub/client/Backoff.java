package io.ssehub.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a subscription waits before its next connection attempt: the hub's reconnect hint, plus an
 * exponential backoff with full jitter.
 *
 * <p>After the n-th failed attempt in a row the delay is {@code hint + U(0, min(cap, base * 2^(n-1)))}, where
 * {@code U} is uniform. The hint (the stream's last {@code retry:} value, or a 503's {@code Retry-After})
 * is a floor: the hub asked for at least that long. The jitter on top spreads clients out, so the
 * thousand clients a restarting hub just dropped do not all come back in the same millisecond;
 * it is "full" (anywhere from zero to the window) because that spreads them the most, and the
 * window doubles per failure, up to {@code cap}, so a hub that stays down sees fewer and fewer attempts.
 * A connection that opened a stream resets n.
 *
 * @param base the jitter window after the first failure
 * @param cap  the largest jitter window, whatever the number of failures
 */
public record Backoff(Duration base, Duration cap) {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);
    public static final Backoff DEFAULT = new Backoff(DEFAULT_BASE, DEFAULT_CAP);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, not " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap (" + cap + ") must not be below its base (" + base + ")");
        }
    }

    /** The jitter window after {@code failures} failed attempts in a row (1 for the first). */
    public Duration window(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1");
        }
        // Doubling past the cap would overflow long before failures reaches 64: stop as soon as it is reached.
        Duration window = base;
        for (int n = 1; n < failures && window.compareTo(cap) < 0; n++) {
            window = window.multipliedBy(2);
        }
        return window.compareTo(cap) > 0 ? cap : window;
    }

    /** The delay before the next attempt: {@code hint} plus a uniform draw from the window. */
    public Duration delay(int failures, Duration hint, RandomGenerator random) {
        long window = window(failures).toNanos();
        return hint.plusNanos(random.nextLong(window + 1));
    }
}
