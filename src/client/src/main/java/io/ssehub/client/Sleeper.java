package io.ssehub.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between connection attempts. The default sleeps; tests inject one that records the delays it
 * is asked for and returns at once.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = delay -> TimeUnit.NANOSECONDS.sleep(delay.toNanos());

    /**
     * Waits for {@code delay}.
     *
     * @throws InterruptedException when the subscription is closed meanwhile (it interrupts its own thread)
     */
    void sleep(Duration delay) throws InterruptedException;
}
