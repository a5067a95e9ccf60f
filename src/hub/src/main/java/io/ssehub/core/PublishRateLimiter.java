package io.ssehub.core;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.ssehub.refusal.Refusal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes per second for each publisher (a token's subject, or a client address in anonymous mode):
 * a token bucket from bucket4j, refilled greedily, whose capacity allows short bursts.
 */
public final class PublishRateLimiter {

    /** Past this many publishers, buckets that are full again (idle publishers) are forgotten. */
    private static final int MAX_TRACKED = 100_000;

    private final int perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PublishRateLimiter(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** @throws Refusal (rate limited, with when to try again) when {@code publisher} has used up its rate */
    public void acquire(String publisher) {
        acquire(publisher, 1);
    }

    /**
     * Takes {@code publishes} at once (a batch counts as that many publishes), or none of them.
     *
     * @throws Refusal (rate limited, with when they all may be taken) when {@code publisher} has not that many
     *                 left; the caller keeps batches within the burst, which a bucket never holds more than
     */
    public void acquire(String publisher, int publishes) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= burst);
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(publisher, key -> newBucket()).tryConsumeAndReturnRemaining(publishes);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw Refusal.rateLimited("at most " + perSecond + " publishes per second (bursts of " + burst
                    + ") are accepted from one publisher", wait);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }
}
