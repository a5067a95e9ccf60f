package io.ssehub.core;

import io.ssehub.refusal.Refusal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams may be open at once, in all and per client address. A stream takes a place before
 * it is opened and gives it back exactly once when it closes; a refusal says when to try again, with
 * jitter so that refused clients do not all come back together.
 */
public final class StreamLimits {

    /** The address of streams whose runtime cannot tell where they came from: they share one count. */
    public static final String UNKNOWN_ADDRESS = "unknown";

    private final int maxStreams;
    private final int maxPerAddress;
    private final Duration retryAfter;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public StreamLimits(int maxStreams, int maxPerAddress, Duration retryAfter) {
        this.maxStreams = maxStreams;
        this.maxPerAddress = maxPerAddress;
        this.retryAfter = retryAfter;
    }

    /**
     * Takes a place for one stream from {@code address}.
     *
     * @return what gives the place back; running it more than once has no further effect
     * @throws Refusal (too many streams, with when to try again) when either limit is reached
     */
    public Runnable admit(String address) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw Refusal.tooManyStreams("the hub has its maximum of " + maxStreams + " open streams", jittered());
        }
        AtomicInteger fromAddress = perAddress.compute(address, (key, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            counter.incrementAndGet();
            return counter;
        });
        if (fromAddress.get() > maxPerAddress) {
            release(address);
            throw Refusal.tooManyStreams("this address has its maximum of " + maxPerAddress + " open streams",
                    jittered());
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (!released.getAndSet(true)) {
                release(address);
            }
        };
    }

    public int open() {
        return open.get();
    }

    private void release(String address) {
        open.decrementAndGet();
        // Forget an address whose last stream closed, so the map holds only addresses with open streams.
        perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Between one and two retry hints, so refused clients spread out. */
    private Duration jittered() {
        long base = Math.max(1_000, retryAfter.toMillis());
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base + 1));
    }
}
