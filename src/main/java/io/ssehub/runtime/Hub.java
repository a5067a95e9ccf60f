package io.ssehub.runtime;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.fanout.HubBroadcaster;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.refusal.Refusal;
import io.ssehub.schedule.HubScheduler;
import io.ssehub.security.PublishRateLimiter;
import io.ssehub.security.StreamLimits;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's parts and their lifecycle: intake (publish), the event log, the fan-out and the scheduler.
 * {@link #start()} and {@link #stop()} are run by the JAX-RS application, embedded or deployed;
 * stop runs after intake has stopped and leaves no thread behind. A running hub that can no longer work
 * ({@link #failed}) is failed until it is stopped; what else happens then is the runtime's
 * {@link FatalErrors} policy.
 */
public final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    /** NEW to RUNNING (start), RUNNING to FAILED (failed), RUNNING or FAILED to STOPPED (stop). */
    private enum State { NEW, RUNNING, FAILED, STOPPED }

    private final HubConfig config;
    private final EventLog log;
    private final HubMetrics metrics;
    private final HubBroadcaster broadcaster;
    private final HubScheduler scheduler;
    private final StreamLimits streamLimits;
    private final PublishRateLimiter publishRate;
    private final FatalErrors fatalErrors;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /** A hub that shares its JVM: a fatal error fails the hub, never the process. */
    public Hub(HubConfig config) {
        this(config, FatalErrors.failingTheHub());
    }

    /** @param fatalErrors what the runtime does once the hub cannot go on, after the hub has failed */
    public Hub(HubConfig config, FatalErrors fatalErrors) {
        this.config = config;
        this.fatalErrors = fatalErrors;
        Thread.UncaughtExceptionHandler onDeath =
                (thread, error) -> failed("hub thread " + thread.getName() + " died", error);
        this.log = new MemoryEventLog(config.logCapacity(), config.logMaxBytes(), Clock.systemUTC());
        this.metrics = new HubMetrics();
        this.broadcaster = new HubBroadcaster(config, log, this::publish, metrics.fanout(), onDeath);
        metrics.watch(broadcaster);
        this.scheduler = new HubScheduler(Clock.systemUTC(), onDeath);
        this.streamLimits = new StreamLimits(config.limits().maxStreams(), config.limits().maxStreamsPerAddress(),
                config.retryHint());
        this.publishRate = new PublishRateLimiter(config.limits().publishRate(), config.limits().publishBurst());
    }

    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            return;
        }
        metrics.start();
        broadcaster.start();
        scheduler.tick(config.tickInterval(), config.retryHint(), this::publish);
        scheduler.keepAlive(config.heartbeatInterval(), broadcaster::keepAlive);
        LOG.info("hub started: {} (tick {}, keep-alive {})",
                log, config.tickInterval(), config.heartbeatInterval());
        if (config.access().isAnonymous()) {
            LOG.warn("access control is OFF (anonymous mode): anyone may publish to and subscribe to every topic; "
                    + "set auth.hmac.secret or auth.public.keys to require tokens");
        } else {
            LOG.info("access control: {}", config.access());
        }
    }

    /** Stops intake first, then the clock, then tells every stream to come back later and closes it. */
    public void stop() {
        State before = state.getAndSet(State.STOPPED);
        if (before != State.RUNNING && before != State.FAILED) {
            return;
        }
        scheduler.close();
        broadcaster.close();
        log.close();
        metrics.close();
        LOG.info("hub stopped");
    }

    /** Appends an event to the log; subscribers of its topic receive it in log order. */
    public Event publish(EventDraft draft) {
        requireRunning();
        Event event = log.append(draft);
        metrics.published(event.topic());
        return event;
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * The hub cannot go on: {@code what} happened (a hub thread died, or a request met a
     * {@link VirtualMachineError}). Marks a running hub failed, then applies the runtime's policy, which
     * may halt the process.
     */
    public void failed(String what, Throwable error) {
        state.compareAndSet(State.RUNNING, State.FAILED);
        fatalErrors.handle(what, error);
    }

    /** Failed, and not stopped yet. */
    public boolean hasFailed() {
        return state.get() == State.FAILED;
    }

    /** @throws Refusal (unavailable, with the retry hint as Retry-After) unless the hub is running */
    public void requireRunning() {
        if (!isRunning()) {
            throw Refusal.unavailable("the hub is not running", config.retryHint());
        }
    }

    public HubBroadcaster broadcaster() {
        return broadcaster;
    }

    /** The meters {@code GET /metrics} shows. */
    public HubMetrics metrics() {
        return metrics;
    }

    /** Places for open streams, in all and per client address. */
    public StreamLimits streamLimits() {
        return streamLimits;
    }

    /** Publishes per second per publisher. */
    public PublishRateLimiter publishRate() {
        return publishRate;
    }

    public HubConfig config() {
        return config;
    }

    public int subscriberCount() {
        return broadcaster.subscriberCount();
    }

    public Optional<EventId> lastEventId() {
        return log.lastId();
    }
}
