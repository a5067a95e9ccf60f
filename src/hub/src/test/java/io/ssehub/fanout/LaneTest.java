package io.ssehub.fanout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.Replay;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lane: its members, and what it hands them, in the order it was handed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LaneTest {

    private static final SseFrame GREETING = SseFrame.retry(Duration.ofSeconds(3));

    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    private final Lane lane = new Lane("ssehub-test-lane", FanoutObserver.NONE, (thread, error) -> deaths.add(error));
    private final List<String> journal = new CopyOnWriteArrayList<>();

    LaneTest() {
        lane.start();
    }

    @AfterEach
    void stopLane() throws InterruptedException {
        lane.stop();
        lane.join(10_000);
        assertEquals(List.of(), deaths, "the lane must not die");
    }

    @Test
    void eventsAndTasksAreHandledInTheOrderTheyWereHandedToTheLane() throws Exception {
        open(new Journal("a", false));

        lane.dispatch(event(1), frame(1));
        lane.execute(() -> journal.add("task"));
        lane.dispatch(event(2), frame(2));
        awaitLane();

        assertEquals(List.of("a:greeting", "a:e1", "task", "a:e2"), journal);
    }

    @Test
    void aMemberThatFailsWhileAnEventIsWrittenLeavesAndEveryOtherMemberStillGetsTheEvent() throws Exception {
        open(new Journal("a", true));
        open(new Journal("b", false));
        open(new Journal("c", false));
        assertEquals(3, lane.members());

        lane.dispatch(event(1), frame(1));
        awaitLane();

        assertEquals(2, lane.members(), "the failed member left");
        List<String> delivered = journal.stream().filter(line -> line.endsWith(":e1")).toList();
        assertEquals(List.of("b:e1", "c:e1"), delivered.stream().sorted().toList());
    }

    @Test
    void aLaneWithMembersIsNotEmptyUntilTheLastOneCloses() throws Exception {
        Subscriber a = open(new Journal("a", false));
        Subscriber b = open(new Journal("b", false));
        lane.execute(() -> a.close(null));
        awaitLane();
        assertFalse(lane.awaitEmpty(System.nanoTime()), "one member is left");

        lane.execute(() -> b.close(null));

        assertTrue(lane.awaitEmpty(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertEquals(0, lane.members());
    }

    @Test
    void aRoundOverEveryMemberLetsAnEventThatArrivesMeanwhileThroughAfterOneSlice() throws Exception {
        int members = 2 * Lane.ROUND_SLICE + 1;
        for (int i = 0; i < members; i++) {
            open(new Journal("m" + i, false));
        }
        journal.clear();
        // The lane is held while the round and then an event are handed to it, so both wait in its inbox.
        CountDownLatch held = new CountDownLatch(1);
        lane.execute(() -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lane.forEachSubscriberInSlices(subscriber -> journal.add("visit"));
        lane.dispatch(event(1), frame(1));
        held.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> journal.stream().filter("visit"::equals).count() == members);
        int firstDelivery = journal.indexOf(journal.stream().filter(line -> line.endsWith(":e1")).findFirst().orElseThrow());
        assertEquals(Lane.ROUND_SLICE, firstDelivery, "visits before the event reached its readers");
        awaitLane();
        assertEquals(members, journal.stream().filter(line -> line.endsWith(":e1")).count(), "every member got it");
    }

    private Subscriber open(Journal output) throws Exception {
        Subscriber subscriber = new Subscriber(output, Subscription.everything(), StreamTerms.openEnded(),
                new Subscriber.Commons(new QueueLimits(16, 1 << 20), new Notices(Duration.ofSeconds(3)),
                        Clock.systemUTC(), FanoutObserver.NONE), lane);
        lane.execute(() -> subscriber.open(GREETING, Replay.continuous(List.of()), null, 0));
        awaitLane();
        return subscriber;
    }

    private void awaitLane() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> done.complete(null));
        done.get(10, TimeUnit.SECONDS);
    }

    private static Event event(long position) {
        return new Event(new EventId("e" + position, position), "t", "t", "{}", Optional.empty(), Instant.EPOCH);
    }

    private static SseFrame frame(long position) {
        return SseFrame.event("e" + position, "t", "{}", null);
    }

    /** The frame's event id, null for a frame without one (the greeting). */
    private static String idOf(SseFrame frame) {
        return frame.toString().lines().filter(line -> line.startsWith("id: ")).map(line -> line.substring(4))
                .findFirst().orElse(null);
    }

    /** Journals each frame it is written as {@code name:id} ({@code name:greeting} for the opening). */
    private final class Journal extends AlwaysReadyOutput {
        private final String name;
        private final boolean failsOnEvents;

        Journal(String name, boolean failsOnEvents) {
            this.name = name;
            this.failsOnEvents = failsOnEvents;
        }

        @Override
        public void write(List<SseFrame> frames) {
            List<String> lines = new ArrayList<>();
            for (SseFrame frame : frames) {
                String id = idOf(frame);
                if (id != null && failsOnEvents) {
                    throw new IllegalStateException("the connection broke");
                }
                lines.add(name + ":" + (id == null ? "greeting" : id));
            }
            journal.addAll(lines);
        }
    }
}
