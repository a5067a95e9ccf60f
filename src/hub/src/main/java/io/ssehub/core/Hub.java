package io.ssehub.core;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.CompletionFailures;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.EventLogUnavailableException;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.fanout.Fanout;
import io.ssehub.fanout.StreamOutput;
import io.ssehub.fanout.StreamTerms;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.refusal.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub, knowing no container and no protocol: it publishes events to its log, opens streams on outputs
 * a runtime made, and has a lifecycle. Protocols (the native {@code /events} API, the standard JAX-RS
 * broadcaster) validate and authorise, then call it; runtimes (embedded Grizzly, a servlet container)
 * make the outputs.
 *
 * <p>{@link #start()} and {@link #stop()} are run by whoever owns it (the JAX-RS application, embedded or
 * deployed); stop runs after intake has stopped and leaves no thread behind. A running hub that can no
 * longer work ({@link #failed}) is failed until it is stopped; what else happens then is the owner's
 * {@link FatalErrors} policy.
 */
public final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** What a hub without token settings warns of at start. */
    private static final String ANONYMOUS_WARNING = "access control is OFF (anonymous mode): anyone may publish to "
            + "and subscribe to every topic; set auth.hmac.secret or auth.public.keys to require tokens";

    /** NEW to RUNNING (start), RUNNING to FAILED (failed), RUNNING or FAILED to STOPPED (stop). */
    private enum State { NEW, RUNNING, FAILED, STOPPED }

    private final HubConfig config;
    private final EventLog log;
    private final HubMetrics metrics;
    private final Fanout fanout;
    private final StreamLimits streamLimits;
    private final PublishRateLimiter publishRate;
    private final FatalErrors fatalErrors;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /** A hub whose log is in memory, bounded by the settings, on the system clock. */
    public static Hub inMemory(HubConfig config, FatalErrors fatalErrors) {
        Clock clock = Clock.systemUTC();
        return new Hub(config, new MemoryEventLog(config.logCapacity(), config.logMaxBytes(), clock), clock,
                fatalErrors);
    }

    /**
     * @param log         where events are stored and read back from; the hub closes it when it stops
     * @param clock       what token deadlines, stalls and the log's epochs are measured against
     * @param fatalErrors what the owner does once the hub cannot go on, after the hub has failed
     */
    public Hub(HubConfig config, EventLog log, Clock clock, FatalErrors fatalErrors) {
        this.config = config;
        this.log = log;
        this.fatalErrors = fatalErrors;
        Thread.UncaughtExceptionHandler onDeath = threadDeaths();
        this.metrics = new HubMetrics();
        this.fanout = new Fanout(config, log, metrics.fanout(), onDeath, clock);
        metrics.watch(fanout);
        log.remoteStats().ifPresent(metrics::watch);
        this.streamLimits = new StreamLimits(config.limits().maxStreams(), config.limits().maxStreamsPerAddress(),
                config.retryHint());
        this.publishRate = new PublishRateLimiter(config.limits().publishRate(), config.limits().publishBurst());
    }

    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            return;
        }
        metrics.start();
        fanout.start();
        LOG.info("hub started: {} (keep-alive {})", log, config.heartbeatInterval());
        if (config.access().isAnonymous()) {
            LOG.warn(ANONYMOUS_WARNING);
        } else {
            LOG.info("access control: {}", config.access());
        }
    }

    /** Stops intake, then tells every stream to come back later and closes it. Idempotent. */
    public void stop() {
        stop(true);
    }

    /**
     * Stops intake and every thread of the hub. With {@code endStreams}, first tells every stream when to come
     * back and closes it; otherwise leaves the outputs open for their owner. Either way every stream gives
     * back its place. Idempotent.
     */
    public void stop(boolean endStreams) {
        State before = state.getAndSet(State.STOPPED);
        if (before != State.RUNNING && before != State.FAILED) {
            return;
        }
        fanout.close(endStreams);
        log.close();
        metrics.close();
        LOG.info("hub stopped");
    }

    /** Appends an event to the log; subscribers of its topic receive it in log order. */
    public Event publish(EventDraft draft) {
        requireRunning();
        Event event;
        try {
            event = log.append(draft);
        } catch (EventLogUnavailableException e) {
            throw unconfirmed();
        }
        metrics.published(event.topic());
        return event;
    }

    /**
     * {@link #publish(EventDraft, String)} without holding the calling thread while a remote log confirms the
     * append ({@link EventLog#appendAsync}): the future fails with the refusal {@code publish} would throw.
     *
     * @throws Refusal (too many publishes, the hub not running) at once, before anything is appended
     */
    public CompletableFuture<Event> publishAsync(EventDraft draft, String publisherKey) {
        requireRunning();
        publishRate.acquire(publisherKey);
        return log.appendAsync(draft).handle((event, failure) -> {
            if (failure != null) {
                Throwable cause = CompletionFailures.cause(failure);
                if (cause instanceof EventLogUnavailableException) {
                    throw unconfirmed();
                }
                throw cause instanceof RuntimeException e ? e : new CompletionException(cause);
            }
            metrics.published(event.topic());
            return event;
        });
    }

    /** Not retried: the append may have been stored, and a retry could publish it twice. */
    private Refusal unconfirmed() {
        return Refusal.unavailable("the event log is unavailable; the event may or may not have been published",
                config.retryHint());
    }

    /**
     * Publishes for one publisher, within its rate.
     *
     * @throws Refusal (too many publishes, with when to try again) past the publisher's rate
     */
    public Event publish(EventDraft draft, String publisherKey) {
        requireRunning();
        publishRate.acquire(publisherKey);
        return publish(draft);
    }

    /**
     * Publishes a batch for one publisher, in order: it counts as that many publishes against the publisher's
     * rate, all taken before the first is appended, or none. Events of other publishers may come between
     * them in the log; a remote log stores the batch in one step.
     *
     * @throws Refusal (too many publishes) past the publisher's rate, nothing published; (unavailable) when the
     *                 log did not confirm the batch: all of it may have been published, or none
     */
    public List<Event> publishAll(List<EventDraft> drafts, String publisherKey) {
        requireRunning();
        publishRate.acquire(publisherKey, drafts.size());
        List<Event> events;
        try {
            events = log.appendAll(drafts);
        } catch (EventLogUnavailableException e) {
            throw Refusal.unavailable("the event log is unavailable; the batch may have been published whole, or "
                    + "none of it", config.retryHint());
        }
        for (Event event : events) {
            metrics.published(event.topic());
        }
        return events;
    }

    /**
     * Opens a stream: takes its place under the stream limits, then asks {@code output} for the output to
     * write it to (not made at all when the stream is refused), and hands both to the fan-out. The place is
     * given back once, however the stream ends.
     *
     * @throws Refusal (unavailable, or too many streams) when the stream cannot be opened
     */
    public void subscribe(StreamRequest request, Supplier<StreamOutput> output) {
        requireRunning();
        if (!log.isAvailable()) {
            throw Refusal.unavailable("the event log is unavailable", config.retryHint());
        }
        Runnable release = streamLimits.admit(request.clientAddress().orElse(StreamLimits.UNKNOWN_ADDRESS));
        StreamOutput opened;
        try {
            opened = output.get();
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        StreamTerms.StreamEnd givePlaceBack = (failure, outputClosed) -> release.run();
        fanout.subscribe(opened, request.subscription(),
                new StreamTerms(request.endBy(), givePlaceBack.andThen(request.onEnded())));
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * The hub cannot go on: {@code what} happened (a hub thread died, or a request met a
     * {@link VirtualMachineError}). Marks a running hub failed, then applies the owner's policy, which
     * may halt the process.
     */
    public void failed(String what, Throwable error) {
        state.compareAndSet(State.RUNNING, State.FAILED);
        fatalErrors.handle(what, error);
    }

    /**
     * What a thread the hub cannot work without reports its death to: the fan-out's own, and those a
     * runtime starts to write the hub's streams. The hub fails.
     */
    public Thread.UncaughtExceptionHandler threadDeaths() {
        return (thread, error) -> failed("hub thread " + thread.getName() + " died", error);
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

    /** The meters {@code GET /metrics} shows. */
    public HubMetrics metrics() {
        return metrics;
    }

    public HubConfig config() {
        return config;
    }

    /** Open streams. */
    public int subscriberCount() {
        return fanout.subscriberCount();
    }

    /** Streams holding a place under the limits (opened, and not yet given back). */
    public int admittedStreams() {
        return streamLimits.open();
    }

    /** Events and tasks handed to the fan-out's lanes and not yet taken up. */
    public long laneBacklog() {
        return fanout.laneBacklog();
    }

    /** Whether the event log answers (a log in memory always does). */
    public boolean isLogAvailable() {
        return log.isAvailable();
    }

    public Optional<EventId> lastEventId() {
        return log.lastId();
    }

    /** Whether a stream resuming after {@code lastEventId} gets exactly what it missed (see {@link EventLog#continuesAfter}). */
    public boolean continuesAfter(String lastEventId) {
        return log.continuesAfter(lastEventId);
    }
}
