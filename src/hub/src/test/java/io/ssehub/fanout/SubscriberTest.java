package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.Replay;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One subscriber on a running lane, against an output the test paces: its states, its bounded queue,
 * and how each way out ends it once, in the right order, giving back its place.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SubscriberTest {

    private static final SseFrame GREETING = SseFrame.retry(Duration.ofSeconds(3));
    private static final SseFrame FAREWELL = SseFrame.comment("bye");
    private static final long WRITE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final Notices NOTICES = new Notices(Duration.ofSeconds(3));

    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    private final Lane lane = new Lane("ssehub-test-lane", FanoutObserver.NONE, (thread, error) -> deaths.add(error));
    private final PacedOutput output = new PacedOutput();
    private final Ends ends = new Ends();
    private final AtomicInteger placesGiven = new AtomicInteger();
    private final Subscriber subscriber = new Subscriber(output, Subscription.everything(),
            new StreamTerms(Optional.empty(), (failure, outputClosed) -> {
                placesGiven.incrementAndGet();
                ends.log.add(outputClosed ? "closed" : "released");
            }),
            new Subscriber.Commons(new QueueLimits(2, 1 << 20), NOTICES, Clock.systemUTC(), ends), lane);
    private long position;

    SubscriberTest() {
        lane.start();
    }

    @AfterEach
    void stopLane() throws InterruptedException {
        lane.stop();
        lane.join(10_000);
        assertEquals(List.of(), deaths, "the lane must not die");
    }

    @Test
    void aCloseThatArrivesBeforeTheOpenIsHonouredAndTheStreamNeverJoinsItsLane() throws Exception {
        onLane(() -> subscriber.close(new java.io.IOException("connection reset")));
        onLane(this::open);

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertEquals(0, lane.members());
        assertEquals(List.of(), output.writes, "nothing is written to a stream that is gone");
        assertTrue(output.closed);
        assertEquals(1, placesGiven.get());
        assertEquals(List.of("closed"), ends.log);
    }

    @Test
    void aCutThatArrivesBeforeTheOpenEndsTheStreamWithoutItEverJoiningItsLane() throws Exception {
        onLane(() -> subscriber.cut(FanoutObserver.CutReason.TOKEN_EXPIRED));
        onLane(this::open);

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertEquals(0, lane.members());
        assertEquals(1, placesGiven.get());
    }

    @Test
    void anOpenedStreamIsLiveAndAMemberOfItsLaneUntilItCloses() throws Exception {
        onLane(this::open);
        assertEquals(Subscriber.State.LIVE, onLane(subscriber::state));
        assertEquals(1, lane.members());

        onLane(() -> subscriber.close(null));

        assertEquals(0, lane.members());
        assertEquals(1, placesGiven.get());
        onLane(() -> subscriber.close(null));
        assertEquals(1, placesGiven.get(), "close is idempotent");
    }

    @Test
    void eventsWaitInTheQueueWhileTheOutputIsFullAndLeaveInOrderWhenItDrains() throws Exception {
        onLane(this::open);
        output.ready = false;
        Event first = publish();
        Event second = publish();
        assertEquals(Subscriber.State.QUEUING, onLane(subscriber::state));
        assertEquals(2, lane.queuedFrames());

        output.drain();

        assertEquals(Subscriber.State.LIVE, onLane(subscriber::state));
        assertEquals(List.of(GREETING.toString(), frame(first).toString(), frame(second).toString()), output.writes);
        assertEquals(0, lane.queuedFrames());
    }

    @Test
    void aKeepAliveRoundSendsNothingToAStreamThatWasWrittenEventsSinceTheLastRoundAndACommentOnceItStaysSilent()
            throws Exception {
        SseFrame comment = NOTICES.keepAlive();
        onLane(this::open);
        onLane(() -> subscriber.keepAlive(comment));
        assertEquals(List.of(GREETING.toString(), comment.toString()), output.writes, "silent since it opened");

        Event event = publish();
        onLane(() -> subscriber.keepAlive(comment));
        assertEquals(List.of(GREETING.toString(), comment.toString(), frame(event).toString()), output.writes,
                "an event since the last round: no comment");

        onLane(() -> subscriber.keepAlive(comment));
        assertEquals(List.of(GREETING.toString(), comment.toString(), frame(event).toString(), comment.toString()),
                output.writes, "silent for a whole round");
    }

    @Test
    void aQueueThatOverflowsCutsTheStreamWithTheSlowConsumerNoticeLast() throws Exception {
        onLane(this::open);
        output.ready = false;
        publish();
        publish();
        publish();

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertEquals(List.of("cut SLOW_CONSUMER", "closed"), ends.log);
        assertEquals(List.of(GREETING.toString(), notice(FanoutObserver.CutReason.SLOW_CONSUMER)), output.writes);
        assertEquals(0, lane.members());
        assertEquals(0, lane.queuedFrames(), "a cut stream's queue is dropped");
        assertEquals(1, placesGiven.get());
    }

    @Test
    void anOutputThatStaysFullPastTheWriteTimeoutIsCutOff() throws Exception {
        onLane(this::open);
        output.ready = false;
        publish();

        onLane(() -> subscriber.checkStalled(System.currentTimeMillis(), WRITE_TIMEOUT_MILLIS));
        assertEquals(Subscriber.State.QUEUING, onLane(subscriber::state), "not stalled before its time");
        onLane(() -> subscriber.checkStalled(System.currentTimeMillis() + 2 * WRITE_TIMEOUT_MILLIS, WRITE_TIMEOUT_MILLIS));

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertEquals(List.of("cut SLOW_CONSUMER", "closed"), ends.log);
        assertEquals(1, placesGiven.get());
    }

    @Test
    void aFinishedStreamWritesWhatIsQueuedThenItsFarewellThenCloses() throws Exception {
        onLane(this::open);
        output.ready = false;
        Event queued = publish();
        onLane(() -> subscriber.finish(FAREWELL));
        assertEquals(Subscriber.State.CLOSING, onLane(subscriber::state));
        Event late = publish();

        output.drain();

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertEquals(List.of(GREETING.toString(), frame(queued).toString(), FAREWELL.toString()), output.writes,
                "the farewell is last, and nothing published after the finish is written (" + late.id() + ")");
        assertTrue(output.closed);
        assertEquals(1, placesGiven.get());
    }

    @Test
    void aReleasedStreamGivesBackItsPlaceButLeavesItsOutputOpen() throws Exception {
        onLane(this::open);

        onLane(subscriber::release);

        assertEquals(Subscriber.State.CLOSED, onLane(subscriber::state));
        assertFalse(output.closed, "the sink is left to its owner");
        assertEquals(List.of("released"), ends.log);
        assertEquals(0, lane.members());
        assertEquals(1, placesGiven.get());
    }

    private void open() {
        subscriber.open(GREETING, Replay.continuous(List.of()), null, position);
    }

    /** Hands the lane one event and waits until it has been delivered. */
    private Event publish() throws Exception {
        position++;
        Event event = new Event(new EventId("e" + position, position), "t", "t", "{\"n\":" + position + "}",
                Optional.empty(), Instant.EPOCH);
        lane.dispatch(event, frame(event));
        onLane(() -> { });
        return event;
    }

    private static SseFrame frame(Event event) {
        return SseFrame.event(event.id().text(), event.type(), event.data(), null);
    }

    private String notice(FanoutObserver.CutReason reason) {
        return NOTICES.cut(reason).toString();
    }

    private void onLane(Runnable action) throws Exception {
        onLane(() -> {
            action.run();
            return null;
        });
    }

    private <T> T onLane(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        lane.execute(() -> result.complete(action.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Writes go out only while the test says the output is ready; a drain calls back as a runtime would. */
    private static final class PacedOutput implements StreamOutput {
        volatile boolean ready = true;
        volatile boolean closed;
        final List<String> writes = new CopyOnWriteArrayList<>();
        private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<SseFrame> frames) {
            List<String> texts = new ArrayList<>();
            frames.forEach(frame -> texts.add(frame.toString()));
            writes.addAll(texts);
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public void whenReady(Runnable callback) {
            if (ready) {
                callback.run();
            } else {
                callbacks.add(callback);
            }
        }

        /** The client caught up: the lane is called back and the test waits until it has written. */
        void drain() {
            ready = true;
            List<Runnable> due = List.copyOf(callbacks);
            callbacks.clear();
            due.forEach(Runnable::run);
        }

        @Override
        public void onGone(Consumer<Throwable> callback) {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** How the subscriber ended, in order: cut (as the fan-out reports it), then closed or released. */
    private static final class Ends implements FanoutObserver {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void cut(FanoutObserver.CutReason reason) {
            log.add("cut " + reason);
        }
    }
}
