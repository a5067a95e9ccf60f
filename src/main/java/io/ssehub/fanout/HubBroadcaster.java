package io.ssehub.fanout;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's fan-out behind the standard {@link SseBroadcaster} contract: resources register sinks and
 * broadcast events as the JAX-RS spec intends, but every broadcast goes through the event log (which
 * gives it its id), and every stream is written without blocking by one of a few lanes, with a bounded
 * queue of its own, so a slow or vanished client never delays the others or throws on the publisher
 * (unlike Jersey 3.1's broadcaster, jersey#4551).
 */
public final class HubBroadcaster implements SseBroadcaster {

    private static final Logger LOG = LoggerFactory.getLogger(HubBroadcaster.class);
    /** Topic (and type) of events broadcast through the standard interface without a name. */
    public static final String DEFAULT_TOPIC = "message";
    /** How long shutdown waits for streams to take their last frames before closing them anyway. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** Threads for sinks written through blocking sends (servlet containers); each stalled send holds one. */
    private static final int BLOCKING_WRITERS = 16;

    private final EventLog log;
    private final Function<EventDraft, Event> publisher;
    private final QueueLimits limits;
    private final Notices notices;
    private final FanoutObserver observer;
    private final long writeTimeoutNanos;
    /** What token deadlines are measured against. */
    private final Clock clock;
    /** The subscribers, each owned by its lane: counts and shutdown ask the lanes, nobody keeps a second list. */
    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final ExecutorService blockingWriters;
    private final Thread dispatcherThread;
    /** Ends streams at their deadline (token expiry) and looks for stalled outputs. */
    private final ScheduledThreadPoolExecutor timer;
    /** Finds departed clients of the blocking sink outputs, which no container reports. */
    private final DepartureProbe departures = new DepartureProbe();
    private final Dispatcher dispatcher;
    private volatile StreamOutput.Factory outputs;
    private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    private final Subscriber.Listener subscriberListener = new Subscriber.Listener() {
        @Override
        public void onCut(Subscriber subscriber, FanoutObserver.CutReason reason) {
            observer.cut(reason);
        }

        @Override
        public SseFrame noticeFor(FanoutObserver.CutReason reason) {
            return switch (reason) {
                case SLOW_CONSUMER -> notices.slowConsumer();
                case TOKEN_EXPIRED -> notices.tokenExpired();
                case LOG_OVERRUN -> notices.logOverrun();
            };
        }

        @Override
        public void onClosed(Subscriber subscriber, Throwable failure, boolean outputClosed) {
            observer.streamClosed(subscriber.subscription().topics());
            if (!outputClosed) {
                // Released by close(false): the sink is left open for its owner, so it has not closed.
                return;
            }
            if (failure != null) {
                errorListeners.forEach(listener -> listener.accept(subscriber.sinkOrNull(), failure));
            }
            closeListeners.forEach(listener -> listener.accept(subscriber.sinkOrNull()));
        }
    };

    /**
     * @param publisher appends a draft to the log through the hub's intake (which refuses once the hub stops)
     * @param observer  told what the fan-out does, for metrics
     * @param onDeath   told when one of its threads dies (the dispatcher, a lane, a writer or the timer):
     *                  the fan-out cannot go on without it
     */
    public HubBroadcaster(HubConfig config, EventLog log, Function<EventDraft, Event> publisher,
                          FanoutObserver observer, Thread.UncaughtExceptionHandler onDeath) {
        this(config, log, publisher, observer, onDeath, Clock.systemUTC());
    }

    /** @param clock what token deadlines ({@link StreamTerms#endBy()}) are measured against */
    public HubBroadcaster(HubConfig config, EventLog log, Function<EventDraft, Event> publisher,
                          FanoutObserver observer, Thread.UncaughtExceptionHandler onDeath, Clock clock) {
        this.clock = clock;
        this.log = log;
        this.publisher = publisher;
        this.observer = observer;
        this.limits = new QueueLimits(config.queueEvents(), config.queueBytes());
        this.notices = new Notices(config.retryHint());
        this.writeTimeoutNanos = config.writeTimeout().toNanos();
        this.lanes = new Lane[config.writerThreads()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane("ssehub-lane-" + i, observer, onDeath);
        }
        this.blockingWriters = Executors.newFixedThreadPool(BLOCKING_WRITERS,
                HubThreads.named("ssehub-sink-writer", onDeath));
        ExecutorService writers = blockingWriters;
        this.outputs = (sink, request) -> new SinkOutput(sink, writers, departures);
        this.dispatcher = new Dispatcher(log.tail(), lanes, this::cutEveryStream);
        this.dispatcherThread = HubThreads.named("ssehub-dispatcher", onDeath).newThread(dispatcher);
        this.timer = HubThreads.scheduler("ssehub-timer", onDeath);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Replaces how sinks become outputs: a runtime that can write its connections without blocking
     * (embedded Grizzly) installs its own before the first stream opens.
     */
    public void useOutputs(StreamOutput.Factory factory) {
        this.outputs = factory;
    }

    /** How sinks become outputs now: through blocking sends, unless a runtime installed its own. */
    public StreamOutput.Factory outputs() {
        return outputs;
    }

    public void start() {
        for (Lane lane : lanes) {
            lane.start();
        }
        dispatcherThread.start();
        long sweep = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(writeTimeoutNanos / 2, TimeUnit.SECONDS.toNanos(1)));
        timer.scheduleWithFixedDelay(this::cutStalledStreams, sweep, sweep, TimeUnit.NANOSECONDS);
        long probe = DepartureProbe.INTERVAL.toNanos();
        timer.scheduleWithFixedDelay(departures::probeIdleStreams, probe, probe, TimeUnit.NANOSECONDS);
    }

    /**
     * Opens a stream: {@code greeting} first (the resource sends a retry hint), then what the client
     * missed since its last event id (or a {@code reset} event when that cannot be known), then live
     * events of its topics, with no gap and no duplicate between the two.
     *
     * @param request the stream's request, from which the runtime's output is made (null: the standard sink)
     */
    public void subscribe(SseEventSink sink, ContainerRequestContext request, Subscription subscription,
                          OutboundSseEvent greeting, StreamTerms terms) {
        StreamOutput output = outputs.open(sink, request);
        Lane lane = lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
        Subscriber subscriber = new Subscriber(output, subscription, terms, limits, lane, subscriberListener, observer,
                sink);
        // The client may leave before the lane opens its stream (the close then queues ahead of the open):
        // the subscriber's state honours it, the open finds it closed and it never joins the lane.
        output.onGone(failure -> lane.execute(() -> subscriber.close(failure)));
        // Where the stream starts is fixed now, on the request thread: the lane replays everything after
        // it from the log, so an event appended before the lane gets to this stream is not missed.
        Optional<String> resumeAfter = subscription.lastEventId().or(() -> log.lastId().map(id -> id.text()));
        boolean resuming = subscription.lastEventId().isPresent();
        observer.streamOpened(subscription.topics());
        SseFrame greetingFrame = SseFrame.of(greeting);
        lane.execute(() -> {
            // Read before the replay: everything after it up to the replay's read is in the replay, and
            // live copies up to it are skipped (they are in the replay, or older than the stream).
            long newestBefore = log.lastId().map(id -> id.position()).orElse(Long.MIN_VALUE);
            Replay replay = resumeAfter.map(log::replayAfter).orElseGet(log::retained);
            SseFrame reset = replay.gap().map(gap -> {
                observer.reset(gap.token());
                return notices.reset(gap, resumeAfter.orElse(""));
            }).orElse(null);
            if (resuming) {
                observer.replayed(replay.events().size());
            }
            subscriber.open(greetingFrame, replay, reset, newestBefore);
            // Armed once open, from the lane: the cut of a token already past its time queues behind the open.
            terms.endBy().ifPresent(endBy -> subscriber.deadline(timer.schedule(
                    () -> lane.execute(() -> subscriber.cut(FanoutObserver.CutReason.TOKEN_EXPIRED)),
                    Math.max(0, Duration.between(clock.instant(), endBy).toMillis()), TimeUnit.MILLISECONDS)));
        });
    }

    /** Registers a sink for every topic, live from now on. */
    @Override
    public void register(SseEventSink sink) {
        subscribe(sink, null, Subscription.everything(), notices.greeting(), StreamTerms.openEnded());
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
        SseFrame comment = notices.keepAlive();
        for (Lane lane : lanes) {
            lane.forEachSubscriber(subscriber -> subscriber.keepAlive(comment));
        }
    }

    private void cutStalledStreams() {
        long now = System.nanoTime();
        for (Lane lane : lanes) {
            lane.forEachSubscriber(subscriber -> subscriber.checkStalled(now, writeTimeoutNanos));
        }
    }

    /** Events went by unread: every stream is cut so its client resumes and learns of the gap. */
    private void cutEveryStream() {
        for (Lane lane : lanes) {
            lane.forEachSubscriber(subscriber -> subscriber.cut(FanoutObserver.CutReason.LOG_OVERRUN));
        }
    }

    /** Open streams: the members of every lane, as of each lane's last task. */
    public int subscriberCount() {
        int total = 0;
        for (Lane lane : lanes) {
            total += lane.members();
        }
        return total;
    }

    /** Returns once every lane has run what was queued on it before this call (for tests). */
    void awaitLanes() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(lanes.length);
        for (Lane lane : lanes) {
            lane.execute(done::countDown);
        }
        done.await();
    }

    /** Events and tasks handed to the lanes and not yet taken up: how far the writers are behind the log. */
    public long laneBacklog() {
        long total = 0;
        for (Lane lane : lanes) {
            total += lane.backlog();
        }
        return total;
    }

    /** Events (and comments) waiting in every stream's queue: how far behind the writers are. */
    public long queuedFrames() {
        long total = 0;
        for (Lane lane : lanes) {
            total += lane.queuedFrames();
        }
        return total;
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
     * stream when to come back and closes it, otherwise leaves the sinks open for their owner. Either
     * way every stream gives back its place and its timer.
     */
    @Override
    public void close(boolean cascading) {
        timer.shutdownNow();
        dispatcher.stop();
        dispatcherThread.interrupt();
        try {
            if (cascading) {
                SseFrame last = notices.shutdown();
                for (Lane lane : lanes) {
                    lane.forEachSubscriber(subscriber -> subscriber.finish(last));
                }
                if (!awaitLanesEmpty(System.nanoTime() + SHUTDOWN_GRACE.toNanos())) {
                    LOG.warn("some streams did not take their last frame within {}; closing them", SHUTDOWN_GRACE);
                }
                for (Lane lane : lanes) {
                    lane.forEachSubscriber(subscriber -> subscriber.close(null));
                }
            } else {
                for (Lane lane : lanes) {
                    lane.forEachSubscriber(Subscriber::release);
                }
            }
            for (Lane lane : lanes) {
                lane.stop();
            }
            for (Lane lane : lanes) {
                lane.join(SHUTDOWN_GRACE.toMillis());
            }
            blockingWriters.shutdown();
            if (!blockingWriters.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                blockingWriters.shutdownNow();
            }
            dispatcherThread.join(SHUTDOWN_GRACE.toMillis());
            timer.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            blockingWriters.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitLanesEmpty(long deadlineNanos) throws InterruptedException {
        for (Lane lane : lanes) {
            if (!lane.awaitEmpty(deadlineNanos)) {
                return false;
            }
        }
        return true;
    }
}
