package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.Replay;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lane hands an event to the subscribers that read its topic and does not even offer it to the others;
 * those that read every topic get everything; each reader gets a batch once, in log order, in one write.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TopicRoutingTest {

    private static final SseFrame GREETING = SseFrame.retry(Duration.ofSeconds(3));

    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    /** Per event id: to how many streams the lane reported it written. */
    private final Map<String, Integer> deliveredTo = new ConcurrentHashMap<>();
    private final Lane lane = new Lane("ssehub-test-lane", new FanoutObserver() {
        @Override
        public void delivered(Event event, int streams) {
            deliveredTo.merge(event.id().text(), streams, Integer::sum);
        }
    }, (thread, error) -> deaths.add(error));
    private long position;

    TopicRoutingTest() {
        lane.start();
    }

    @AfterEach
    void stopLane() throws InterruptedException {
        lane.stop();
        lane.join(10_000);
        assertEquals(List.of(), deaths, "the lane must not die");
    }

    @Test
    void aSubscriberIsNotEvenOfferedTheEventsOfATopicItDoesNotRead() throws Exception {
        Recording a = open(false, "a");
        Recording b = open(false, "b");

        oneBatch(event("b"), event("b"), event("b"));

        assertEquals(0, a.offers.get(), "the reader of a was asked whether it could take events of b");
        assertEquals(List.of(), a.writes);
        assertEquals(List.of(List.of("e1", "e2", "e3")), b.writes);
    }

    @Test
    void subscribersOfEveryTopicGetEveryEventAndEachReaderOnlyItsOwn() throws Exception {
        Recording every = open(false);
        Recording a = open(false, "a");
        Recording b = open(false, "b");

        oneBatch(event("a"), event("b"), event("c"));

        assertEquals(List.of(List.of("e1", "e2", "e3")), every.writes, "the whole batch in one write");
        assertEquals(List.of(List.of("e1")), a.writes);
        assertEquals(List.of(List.of("e2")), b.writes);
        assertEquals(Map.of("e1", 2, "e2", 2, "e3", 1), deliveredTo, "each event counted for its readers");
    }

    @Test
    void aReaderOfSeveralTopicsIsOfferedABatchSpanningThemOnceAndGetsItsEventsInOrderInOneWrite() throws Exception {
        Recording ab = open(false, "a", "b");

        oneBatch(event("a"), event("b"), event("c"), event("a"));

        assertEquals(1, ab.offers.get(), "offered the batch once, not once per topic");
        assertEquals(List.of(List.of("e1", "e2", "e4")), ab.writes);
    }

    @Test
    void manyReadersOfOneTopicEachGetItsEventsAndReadersOfOtherTopicsAreNotOffered() throws Exception {
        List<Recording> hot = new ArrayList<>();
        List<Recording> cold = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hot.add(open(false, "hot"));
            cold.add(open(false, "cold-" + i));
        }

        oneBatch(event("hot"), event("hot"));

        hot.forEach(reader -> assertEquals(List.of(List.of("e1", "e2")), reader.writes));
        cold.forEach(reader -> assertEquals(0, reader.offers.get(), "a reader of another topic was offered"));
        assertEquals(Map.of("e1", 100, "e2", 100), deliveredTo);
    }

    @Test
    void aReaderThatFailsMidBatchLeavesAndTheOtherReadersOfItsTopicGetThisBatchAndTheNext() throws Exception {
        Recording a = open(false, "t");
        Recording failing = open(true, "t");
        Recording c = open(false, "t");
        Recording d = open(false, "t");

        oneBatch(event("t"), event("t"));
        oneBatch(event("t"));

        assertEquals(3, lane.members(), "the failed reader left");
        for (Recording reader : List.of(a, c, d)) {
            assertEquals(List.of(List.of("e1", "e2"), List.of("e3")), reader.writes);
        }
        assertEquals(List.of(), failing.writes);
        assertEquals(1, failing.offers.get(), "the failed reader is offered nothing after it left");
    }

    @Test
    void aTopicWhoseReadersAllLeftIsOfferedToNobodyAndToItsNextReader() throws Exception {
        Recording first = open(false, "t");
        Recording second = open(false, "t");
        Recording other = open(false, "u");
        lane.execute(() -> first.gone.accept(null));
        lane.execute(() -> second.gone.accept(null));
        oneBatch(event("t"));

        Recording next = open(false, "t");
        oneBatch(event("t"), event("u"));

        assertEquals(List.of(), first.writes);
        assertEquals(List.of(), second.writes);
        assertEquals(List.of(List.of("e2")), next.writes);
        assertEquals(List.of(List.of("e3")), other.writes);
        assertEquals(2, lane.members());
    }

    /** Opens a subscriber on the lane and forgets the offers its opening made (the greeting's write). */
    private Recording open(boolean failsOnEvents, String... topics) throws Exception {
        Recording output = new Recording(failsOnEvents);
        Subscriber subscriber = new Subscriber(output, Subscription.of(List.of(topics), Optional.empty()),
                StreamTerms.openEnded(), new Subscriber.Commons(new QueueLimits(16, 1 << 20),
                new Notices(Duration.ofSeconds(3)), Clock.systemUTC(), FanoutObserver.NONE), lane);
        output.gone = failure -> subscriber.close(failure);
        lane.execute(() -> subscriber.open(GREETING, Replay.continuous(List.of()), null, 0));
        awaitLane();
        output.offers.set(0);
        return output;
    }

    /** Hands the lane these events while it is busy, so that it delivers them as one batch. */
    private void oneBatch(Event... events) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch handedOver = new CountDownLatch(1);
        lane.execute(() -> {
            held.countDown();
            try {
                handedOver.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The lane takes what its inbox holds before it runs this task: events handed over only once it runs
        // it all wait for the lane's next take, which gets them together.
        held.await(10, TimeUnit.SECONDS);
        for (Event event : events) {
            lane.dispatch(event, SseFrame.event(event.id().text(), "t", "{}", null));
        }
        handedOver.countDown();
        awaitLane();
    }

    private void awaitLane() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> done.complete(null));
        done.get(10, TimeUnit.SECONDS);
    }

    private Event event(String topic) {
        position++;
        return new Event(new EventId("e" + position, position), topic, "t", "{}", Optional.empty(), Instant.EPOCH);
    }

    /** Counts the offers (every delivery asks whether the output is ready) and records the ids of each write. */
    private static final class Recording extends AlwaysReadyOutput {
        final AtomicInteger offers = new AtomicInteger();
        final List<List<String>> writes = new CopyOnWriteArrayList<>();
        private final boolean failsOnEvents;
        /** Closes the stream, as its lane does when the client has gone. Lane thread only. */
        java.util.function.Consumer<Throwable> gone;

        Recording(boolean failsOnEvents) {
            this.failsOnEvents = failsOnEvents;
        }

        @Override
        public boolean ready() {
            offers.incrementAndGet();
            return true;
        }

        @Override
        public void write(List<SseFrame> frames) {
            List<String> ids = new ArrayList<>();
            for (SseFrame frame : frames) {
                frame.toString().lines().filter(line -> line.startsWith("id: ")).forEach(line -> ids.add(line.substring(4)));
            }
            if (ids.isEmpty()) {
                return; // the greeting
            }
            if (failsOnEvents) {
                throw new IllegalStateException("the connection broke");
            }
            writes.add(ids);
        }
    }
}
