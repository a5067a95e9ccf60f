package io.ssehub.schedule;

import io.ssehub.event.EventDraft;
import io.ssehub.event.payload.Tick;
import io.ssehub.fanout.HubThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application-scoped clock of the hub, started and stopped with it: publishes the {@code time} tick
 * and sends keep-alive comments (which are also how dead connections are found).
 */
public final class HubScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubScheduler.class);
    public static final String TICK_TOPIC = "time";

    private final ScheduledExecutorService executor;
    private final Clock clock;

    /** @param onDeath told if the scheduler's thread dies, or a task fails with an Error */
    public HubScheduler(Clock clock, Thread.UncaughtExceptionHandler onDeath) {
        this.clock = clock;
        this.executor = HubThreads.scheduler("ssehub-scheduler", onDeath);
    }

    /**
     * Publishes a {@link Tick} every {@code interval} (never when it is zero), each carrying the
     * reconnect hint {@code retry}.
     */
    public void tick(Duration interval, Duration retry, Consumer<EventDraft> publish) {
        if (interval.isZero()) {
            LOG.info("the time tick is off");
            return;
        }
        every(interval, "tick", () -> publish.accept(
                EventDraft.of(TICK_TOPIC, new Tick(clock.instant().getEpochSecond()), Optional.of(retry))));
    }

    public void keepAlive(Duration interval, Runnable keepAlive) {
        every(interval, "keep-alive", keepAlive);
    }

    private void every(Duration interval, String name, Runnable task) {
        long millis = interval.toMillis();
        executor.scheduleAtFixedRate(() -> {
            // An exception escaping a scheduled task cancels it silently; one bad run must not stop the clock.
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduled {} failed: {}", name, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
