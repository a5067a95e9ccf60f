package io.ssehub.fanout;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.EventLogUnavailableException;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out: takes events from the log's tail and writes each to the streams that want it, without
 * blocking, through one of a few lanes, each stream with a bounded queue of its own, so a slow or vanished
 * client never delays the others. The lanes are the registry: a stream is a member of exactly one lane,
 * and every count comes from them.
 *
 * <p>One timer, on the injected clock, ends streams at their token's expiry, cuts streams whose output
 * stayed full past the write timeout, and sends keep-alive comments to idle streams.
 */
public final class Fanout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);
    /** How long shutdown waits for streams to take their last frames before closing them anyway. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /**
     * Stalled outputs are looked for every half write timeout (so a stall is cut at most 1.5 timeouts in),
     * but no more often than this, which keeps the sweep cheap at short timeouts...
     */
    private static final Duration FASTEST_STALL_SWEEP = Duration.ofMillis(50);
    /** ...and no less often than this, so a long timeout is still honoured to within a second. */
    private static final Duration SLOWEST_STALL_SWEEP = Duration.ofSeconds(1);
    /** Remote replays read at once; more wait their turn (those after the same pages find them read). */
    private static final int REPLAY_THREADS = 2;

    private final EventLog log;
    private final Subscriber.Commons commons;
    private final Notices notices;
    private final FanoutObserver observer;
    private final Duration writeTimeout;
    private final Duration keepAliveInterval;
    private final Clock clock;
    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    /** The thread that reads the log's tail; null when the appending threads read it (a log in memory). */
    private final Thread dispatcherThread;
    private final Dispatcher dispatcher;
    /** Token expiry, stall sweeps and keep-alives. */
    private final ScheduledThreadPoolExecutor timer;
    /**
     * Where a remote log is read for a stream that missed more than the log holds nearby: off the lanes. Its
     * threads start with the first such read (never with a log in memory).
     */
    private final ExecutorService replays;

    /**
     * @param observer told what the fan-out does, for metrics
     * @param onDeath  told when one of its threads dies (the dispatcher, a lane or the timer): the fan-out
     *                 cannot go on without it
     * @param clock    what token deadlines and stalls are measured against
     */
    public Fanout(HubConfig config, EventLog log, FanoutObserver observer, Thread.UncaughtExceptionHandler onDeath,
                  Clock clock) {
        this.clock = clock;
        this.log = log;
        this.observer = observer;
        this.notices = new Notices(config.retryHint());
        this.commons = new Subscriber.Commons(new QueueLimits(config.queueEvents(), config.queueBytes()), notices,
                clock, observer);
        this.writeTimeout = config.writeTimeout();
        this.keepAliveInterval = config.heartbeatInterval();
        this.lanes = new Lane[config.writerThreads()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane("ssehub-lane-" + i, observer, onDeath);
        }
        this.dispatcher = new Dispatcher(log.tail(), lanes, this::cutEveryStream);
        // A log that nudges its reader after each append is read on the appending threads; any other by a thread.
        this.dispatcherThread = log.nudgeOnAppend(dispatcher::appended) ? null
                : HubThreads.named("ssehub-dispatcher", onDeath).newThread(dispatcher);
        this.timer = HubThreads.scheduler("ssehub-timer", onDeath);
        this.timer.setRemoveOnCancelPolicy(true);
        this.replays = Executors.newFixedThreadPool(REPLAY_THREADS, HubThreads.named("ssehub-replay", onDeath));
    }

    public void start() {
        for (Lane lane : lanes) {
            lane.start();
        }
        if (dispatcherThread != null) {
            dispatcherThread.start();
        }
        long sweep = Math.max(FASTEST_STALL_SWEEP.toMillis(),
                Math.min(writeTimeout.toMillis() / 2, SLOWEST_STALL_SWEEP.toMillis()));
        timer.scheduleWithFixedDelay(this::cutStalledStreams, sweep, sweep, TimeUnit.MILLISECONDS);
        long keepAlive = keepAliveInterval.toMillis();
        timer.scheduleAtFixedRate(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream on {@code output}: the greeting (retry hint) first, then what the client missed since
     * its last event id (or a {@code reset} event when that cannot be known), then live events of its
     * topics, with no gap and no duplicate between the two. {@code terms.onEnded} is told once however the
     * stream ends, even when its client leaves before its lane opens it.
     */
    public void subscribe(StreamOutput output, Subscription subscription, StreamTerms terms) {
        Lane lane = lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
        Subscriber subscriber = new Subscriber(output, subscription, terms, commons, lane);
        // The client may leave before the lane opens its stream (the close then queues ahead of the open):
        // the subscriber's state honours it, the open finds it closed and it never joins the lane.
        output.onGone(failure -> lane.execute(() -> subscriber.close(failure)));
        // Where the stream starts is fixed now, on the caller's thread: the lane replays everything after
        // it from the log, so an event appended before the lane gets to this stream is not missed.
        Optional<String> resumeAfter = subscription.lastEventId().or(() -> log.lastId().map(id -> id.text()));
        boolean resuming = subscription.lastEventId().isPresent();
        observer.streamOpened(subscription.meteredTopics());
        lane.execute(() -> openNearby(subscriber, terms, resumeAfter, resuming, lane));
    }

    /**
     * On the stream's lane: opens it with what the log answers at once, or else has the log read what the
     * client missed on a replay thread, since a remote read on the lane would stall every stream on it.
     */
    private void openNearby(Subscriber subscriber, StreamTerms terms, Optional<String> resumeAfter, boolean resuming,
                            Lane lane) {
        // Read before the replay: everything after it up to the replay's read is in the replay, and
        // live copies up to it are skipped (they are in the replay, or older than the stream).
        long newestBefore = newestPosition();
        Optional<Replay> nearby;
        try {
            nearby = log.replayNearby(resumeAfter);
        } catch (EventLogUnavailableException e) {
            cannotOpen(subscriber, e);
            return;
        }
        if (nearby.isPresent()) {
            open(subscriber, terms, resumeAfter, resuming, lane, nearby.get(), newestBefore);
            return;
        }
        try {
            replays.execute(() -> {
                try {
                    Replay far = resumeAfter.map(log::replayAfter).orElseGet(log::retained);
                    lane.execute(() -> openAfter(subscriber, terms, resumeAfter, resuming, lane, far));
                } catch (EventLogUnavailableException e) {
                    lane.execute(() -> cannotOpen(subscriber, e));
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The fan-out is closing: the stream is closed with the others.
            subscriber.close(null);
        }
    }

    /** Back on the lane after a remote replay: what followed it comes from the log at once, then live. */
    private void openAfter(Subscriber subscriber, StreamTerms terms, Optional<String> resumeAfter, boolean resuming,
                           Lane lane, Replay far) {
        long newestBefore = newestPosition();
        Optional<String> readThrough = far.events().isEmpty()
                ? far.gap().isPresent() ? Optional.empty() : resumeAfter
                : Optional.of(far.events().get(far.events().size() - 1).id().text());
        Optional<Replay> rest;
        try {
            rest = log.replayNearby(readThrough);
        } catch (EventLogUnavailableException e) {
            cannotOpen(subscriber, e);
            return;
        }
        if (rest.isEmpty()) {
            // The log moved on past what it holds nearby while the replay was read (it fell far behind, or
            // began a new epoch): the client comes back and asks again.
            cannotOpen(subscriber, new EventLogUnavailableException("the log moved on during a replay", null));
            return;
        }
        List<Event> events = new ArrayList<>(far.events());
        events.addAll(rest.get().events());
        open(subscriber, terms, resumeAfter, resuming, lane, new Replay(far.gap(), events), newestBefore);
    }

    private long newestPosition() {
        return log.lastId().map(id -> id.position()).orElse(Long.MIN_VALUE);
    }

    private void cannotOpen(Subscriber subscriber, EventLogUnavailableException e) {
        // A log out of reach cannot say what the client missed: it comes back later and asks again.
        LOG.warn("a stream could not open: {}", e.getMessage());
        subscriber.cut(FanoutObserver.CutReason.LOG_OVERRUN);
    }

    private void open(Subscriber subscriber, StreamTerms terms, Optional<String> resumeAfter, boolean resuming,
                      Lane lane, Replay replay, long newestBefore) {
        SseFrame reset = replay.gap().map(gap -> {
            observer.reset(gap.token());
            return notices.reset(gap, resumeAfter.orElse(""));
        }).orElse(null);
        if (resuming) {
            observer.replayed(replay.events().size());
        }
        subscriber.open(notices.greeting(), replay, reset, newestBefore);
        // Armed once open, from the lane: the cut of a token already past its time queues behind the open.
        terms.endBy().ifPresent(endBy -> subscriber.deadline(timer.schedule(
                () -> lane.execute(() -> subscriber.cut(FanoutObserver.CutReason.TOKEN_EXPIRED)),
                Math.max(0, Duration.between(clock.instant(), endBy).toMillis()), TimeUnit.MILLISECONDS)));
    }

    /** Sends a keep-alive comment to every idle stream; writing is also how vanished clients are found. */
    void keepAlive() {
        SseFrame comment = notices.keepAlive();
        for (Lane lane : lanes) {
            lane.forEachSubscriberInSlices(subscriber -> subscriber.keepAlive(comment));
        }
    }

    private void cutStalledStreams() {
        long now = clock.millis();
        long timeout = writeTimeout.toMillis();
        for (Lane lane : lanes) {
            lane.forEachSubscriberInSlices(subscriber -> subscriber.checkStalled(now, timeout));
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

    /**
     * Stops delivery, tells every stream when to come back, waits briefly for them to take it, then
     * closes whatever is left and stops every thread the fan-out started.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Stops delivery and every thread the fan-out started; with {@code endStreams}, first tells each stream
     * when to come back and closes it, otherwise leaves the outputs open for their owner. Either way every
     * stream gives back its place and its timer.
     */
    public void close(boolean endStreams) {
        timer.shutdownNow();
        replays.shutdownNow();
        dispatcher.stop();
        if (dispatcherThread != null) {
            dispatcherThread.interrupt();
        }
        try {
            if (endStreams) {
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
            if (dispatcherThread != null) {
                dispatcherThread.join(SHUTDOWN_GRACE.toMillis());
            }
            timer.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            replays.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
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
