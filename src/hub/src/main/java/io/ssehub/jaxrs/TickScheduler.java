package io.ssehub.jaxrs;

import io.ssehub.config.HubConfig;
import io.ssehub.core.Hub;
import io.ssehub.event.payload.Tick;
import io.ssehub.fanout.HubThreads;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;
import org.glassfish.jersey.server.spi.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application-scoped clock of the hub, started and stopped with the application: every
 * {@code tick.interval} it builds a typed {@link OutboundSseEvent} ({@code event: time}, a JSON
 * {@link Tick}, the retry hint) with {@link Sse#newEventBuilder()} and broadcasts it through the
 * application's {@link SseBroadcaster}, whose log gives it its id.
 *
 * <p>Registered as an instance, like every part of the hub: no injector, CDI or HK2, ever constructs it
 * (see {@code HubApplication}). Jersey still injects the application's {@link Sse} into the field, as it
 * does for every registered instance, before the application starts.
 */
public final class TickScheduler extends AbstractContainerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(TickScheduler.class);
    /** The tick's name: its topic and its type. */
    public static final String TICK_TOPIC = Tick.TYPE;

    private final SseBroadcaster broadcaster;
    private final Hub hub;
    private final HubConfig config;
    @Context
    private Sse sse;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;

    public TickScheduler(SseBroadcaster broadcaster, Hub hub) {
        this.broadcaster = broadcaster;
        this.hub = hub;
        this.config = hub.config();
    }

    @Override
    public synchronized void onStartup(Container container) {
        if (config.tickInterval().isZero()) {
            LOG.info("the time tick is off");
            return;
        }
        executor = HubThreads.scheduler("ssehub-tick", (thread, error) -> hub.failed("hub thread " + thread.getName() + " died", error));
        long millis = config.tickInterval().toMillis();
        executor.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One bad run must not stop the clock: an exception escaping a scheduled task cancels it silently. */
    private void tick() {
        try {
            broadcaster.broadcast(sse.newEventBuilder()
                    .name(TICK_TOPIC)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Tick.class, new Tick(clock.instant().getEpochSecond()))
                    .reconnectDelay(config.retryHint().toMillis())
                    .build())
                    .whenComplete((event, failure) -> {
                        if (failure != null) {
                            LOG.warn("a tick was not published: {}", failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn("a tick was not published: {}", e.toString());
        }
    }

    @Override
    public synchronized void onShutdown(Container container) {
        if (executor != null) {
            HubThreads.stopNow(executor, STOP_GRACE);
        }
    }

    /** How long stopping waits for a tick under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
}
