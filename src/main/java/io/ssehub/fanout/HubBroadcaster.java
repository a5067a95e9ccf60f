package io.ssehub.fanout;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's fan-out behind the standard {@link SseBroadcaster} contract: resources register sinks and
 * broadcast events as the JAX-RS spec intends, but every broadcast goes through the event log (which
 * gives it its id) and every sink gets a bounded queue and a single writer, so a slow or vanished client
 * never delays the others or throws on the publisher (unlike Jersey 3.1's broadcaster, jersey#4551).
 */
public final class HubBroadcaster implements SseBroadcaster {

    private static final Logger LOG = LoggerFactory.getLogger(HubBroadcaster.class);
    /** Topic (and type) of events broadcast through the standard interface without a name. */
    public static final String DEFAULT_TOPIC = "message";
    /** How long shutdown waits for streams to take their last frames before closing them anyway. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final EventLog log;
    private final FanoutObserver observer;
    private final Function<EventDraft, Event> publisher;
    private final QueueLimits limits;
    private final Notices notices;
    private final SubscriberRegistry registry = new SubscriberRegistry();
    private final ExecutorService writers;
    private final Thread dispatcherThread;
    /** Ends streams at their deadline (token expiry). */
    private final ScheduledThreadPoolExecutor deadlineTimer;
    private final Map<Subscriber, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final Dispatcher dispatcher;
    private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    private final Subscriber.Listener subscriberListener = new Subscriber.Listener() {
        @Override
        public void onCut(Subscriber subscriber) {
            registry.remove(subscriber);
        }

        @Override
        public void onClosed(Subscriber subscriber, Throwable failure) {
            registry.remove(subscriber);
            ScheduledFuture<?> deadline = deadlines.remove(subscriber);
            if (deadline != null) {
                deadline.cancel(false);
            }
            subscriber.terms().onClosed().run();
            if (failure != null) {
                errorListeners.forEach(listener -> listener.accept(subscriber.sink(), failure));
            }
            closeListeners.forEach(listener -> listener.accept(subscriber.sink()));
        }
    };

    /**
     * @param publisher appends a draft to the log through the hub's intake (which refuses once the hub stops)
     */
    public HubBroadcaster(HubConfig config, EventLog log, Function<EventDraft, Event> publisher) {
        this(config, log, publisher, FanoutObserver.NONE);
    }

    /**
     * @param publisher appends a draft to the log through the hub's intake (which refuses once the hub stops)
     * @param observer  told what the fan-out does, for metrics
     */
    public HubBroadcaster(HubConfig config, EventLog log, Function<EventDraft, Event> publisher,
                          FanoutObserver observer) {
        this.observer = observer;
        this.log = log;
        this.publisher = publisher;
        this.limits = new QueueLimits(config.queueEvents(), config.queueBytes());
        this.notices = new Notices(config.retryHint());
        this.writers = Executors.newFixedThreadPool(config.writerThreads(), HubThreads.named("ssehub-writer"));
        this.dispatcher = new Dispatcher(log.tail(), registry, notices);
        this.dispatcherThread = HubThreads.named("ssehub-dispatcher").newThread(dispatcher);
        this.deadlineTimer = new ScheduledThreadPoolExecutor(1, HubThreads.named("ssehub-deadlines"));
        this.deadlineTimer.setRemoveOnCancelPolicy(true);
    }

    public void start() {
        dispatcherThread.start();
    }

    /**
     * Opens a stream: {@code greeting} first (the resource sends a retry hint), then what the client
     * missed since its last event id (or a {@code reset} event when that cannot be known), then live
     * events of its topics, with no gap and no duplicate between the two.
     *
     * <p>Everything, the greeting included, is written by the writer pool. Writing the greeting on the
     * request thread (a Grizzly worker) was tried: it let a stalled client's writes queue up in Grizzly
     * without blocking, so the slow-consumer cut never came.
     */
    public void subscribe(SseEventSink sink, Subscription subscription, OutboundSseEvent greeting, StreamTerms terms) {
        Subscriber subscriber = new Subscriber(sink, subscription, terms, limits, notices.slowConsumer(), writers,
                subscriberListener);
        terms.endBy().ifPresent(endBy -> deadlines.put(subscriber, this.deadlineTimer.schedule(
                () -> subscriber.cut(notices.tokenExpired()),
                Math.max(0, Duration.between(Instant.now(), endBy).toMillis()), TimeUnit.MILLISECONDS)));
        // Registered before the log is read: an event appended meanwhile is either in the replay or queued
        // live (or both, and then the subscriber skips the queued copy by its log position).
        registry.add(subscriber);
        SseFrame greetingFrame = SseFrame.of(greeting);
        subscriber.start(() -> {
            try {
                if (!subscriber.greet(greetingFrame)) {
                    return;
                }
                open(subscriber);
            } catch (RuntimeException e) {
                LOG.error("opening a stream failed; closing it", e);
                subscriber.close(e);
            }
        });
    }

    private void open(Subscriber subscriber) {
        List<SseFrame> opening = new ArrayList<>();
        long replayedUpTo = Long.MIN_VALUE;
        Optional<String> lastEventId = subscriber.subscription().lastEventId();
        if (lastEventId.isPresent()) {
            Replay replay = log.replayAfter(lastEventId.get());
            replay.gap().ifPresent(gap -> opening.add(notices.reset(gap, lastEventId.get())));
            for (Event event : replay.events()) {
                if (subscriber.subscription().wants(event.topic())) {
                    opening.add(SseFrame.event(event.id().text(), event.type(), event.data(), event.retry().orElse(null)));
                }
                replayedUpTo = event.id().position();
            }
            // Live copies of what the replay covers need not wait in the queue (nor count towards its limit).
            subscriber.covered(replayedUpTo);
        }
        subscriber.open(opening, replayedUpTo);
    }

    /** Registers a sink for every topic, live from now on. */
    @Override
    public void register(SseEventSink sink) {
        subscribe(sink, Subscription.everything(), notices.greeting(), StreamTerms.openEnded());
    }

    /**
     * Publishes a standard event through the log. Its name is both its topic and its type
     * ({@value #DEFAULT_TOPIC} when unnamed); data that is not text is serialised to JSON. The stage
     * completes with the {@link Event} the log stored, id included.
     */
    @Override
    public CompletionStage<?> broadcast(OutboundSseEvent event) {
        try {
            String name = event.getName() == null ? DEFAULT_TOPIC : event.getName();
            Optional<Duration> retry = event.isReconnectDelaySet()
                    ? Optional.of(Duration.ofMillis(event.getReconnectDelay()))
                    : Optional.empty();
            String data = event.getData() == null ? "" : SseFrame.dataText(event.getData());
            return CompletableFuture.completedFuture(publisher.apply(new EventDraft(name, name, data, retry)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends a keep-alive comment to every idle stream; writing is also how vanished clients are found. */
    public void keepAlive() {
        registry.forEach(subscriber -> subscriber.keepAlive(notices.keepAlive()));
    }

    public int subscriberCount() {
        return registry.size();
    }

    /** Events (and comments) waiting in every stream's queue: how far behind the writers are. */
    public long queuedFrames() {
        long[] total = {0};
        registry.forEach(subscriber -> total[0] += subscriber.queuedFrames());
        return total[0];
    }

    @Override
    public void onError(BiConsumer<SseEventSink, Throwable> onError) {
        errorListeners.add(onError);
    }

    @Override
    public void onClose(Consumer<SseEventSink> onClose) {
        closeListeners.add(onClose);
    }

    /**
     * Stops delivery, tells every stream when to come back, waits briefly for them to take it, then
     * closes whatever is left and stops every thread this broadcaster started.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Stops delivery and every thread this broadcaster started; with {@code cascading}, first tells each
     * stream when to come back and closes it, otherwise leaves the sinks open for their owner.
     */
    @Override
    public void close(boolean cascading) {
        deadlineTimer.shutdownNow();
        dispatcher.stop();
        dispatcherThread.interrupt();
        if (cascading) {
            registry.forEach(subscriber -> subscriber.finish(notices.shutdown()));
        } else {
            registry.snapshot().forEach(registry::remove);
        }
        writers.shutdown();
        try {
            if (!writers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("some streams did not take their last frame within {}; closing them", SHUTDOWN_GRACE);
                writers.shutdownNow();
            }
            registry.snapshot().forEach(subscriber -> subscriber.close(null));
            writers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            dispatcherThread.join(SHUTDOWN_GRACE.toMillis());
            deadlineTimer.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            writers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

}
