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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

    @Test
    void anEventWithFewReadersIsWrittenByTheThreadThatHandsItOverWhenTheLaneIsFree() throws Exception {
        Journal reader = new Journal("a", false);
        open(reader);
        await().atMost(Duration.ofSeconds(10)).until(lane::resting);

        lane.dispatch(event(1), frame(1));

        assertEquals(List.of("a:greeting", "a:e1"), journal, "written before dispatch returned");
        assertEquals(Thread.currentThread().getName(), reader.writers.get(1));
    }

    /**
     * A task handed to the lane while another thread holds it to write an event wakes the lane's thread,
     * which finds the lane held and sleeps again: whoever lets go after that must wake it, or the task waits
     * for whatever is handed over next, perhaps forever.
     */
    @Test
    void aTaskQueuedWhileAnotherThreadWritesAnEventRunsOnceThatThreadLetsGo() throws Exception {
        CompletableFuture<Void> taskRan = new CompletableFuture<>();
        Journal reader = new Journal("a", false);
        open(reader);
        await().atMost(Duration.ofSeconds(10)).until(lane::resting);
        reader.onEvent = () -> {
            long parksBefore = lane.parks();
            lane.execute(() -> taskRan.complete(null));
            await().atMost(Duration.ofSeconds(10)).until(() -> lane.parks() > parksBefore && lane.parked());
        };

        lane.dispatch(event(1), frame(1));

        assertEquals(Thread.currentThread().getName(), reader.writers.get(1), "the event was written while handed over");
        taskRan.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anEventWithManyReadersIsLeftToTheLanesThread() throws Exception {
        List<Journal> readers = new ArrayList<>();
        for (int i = 0; i <= Lane.HANDOVER_READERS; i++) {
            readers.add(new Journal("m" + i, false));
            open(readers.get(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(lane::resting);

        lane.dispatch(event(1), frame(1));
        awaitLane();

        for (Journal reader : readers) {
            assertEquals(2, reader.writers.size(), reader.name);
            assertTrue(reader.writers.stream().allMatch(writer -> writer.startsWith("ssehub-test-lane")),
                    reader.name + " written by " + reader.writers);
        }
    }

    /**
     * Events handed over by one thread (as the dispatcher does) while others hand the lane tasks: whichever
     * thread writes an event, each reader gets every one, once, in order, and nothing is left in the inbox
     * with the lane's thread asleep (the last task would then never run).
     */
    @Test
    void eventsHandedOverWhileOtherThreadsQueueTasksReachEveryReaderOnceInOrder() throws Exception {
        int events = 20_000;
        Sequence first = new Sequence();
        Sequence second = new Sequence();
        // Queues that hold the whole run: the lane may fall behind by thousands of events here, and the
        // bounds that cut such a reader are not what this test is about.
        QueueLimits holdsEverything = new QueueLimits(events, 64 << 20);
        open(first, holdsEverything);
        open(second, holdsEverything);
        List<Thread> taskers = new ArrayList<>();
        AtomicBoolean handingOver = new AtomicBoolean(true);
        AtomicLong queued = new AtomicLong();
        AtomicLong ran = new AtomicLong();
        for (int t = 0; t < 3; t++) {
            Thread tasker = new Thread(() -> {
                while (handingOver.get()) {
                    queued.incrementAndGet();
                    lane.execute(ran::incrementAndGet);
                    Thread.onSpinWait();
                }
            });
            tasker.start();
            taskers.add(tasker);
        }
        try {
            for (int i = 1; i <= events; i++) {
                lane.dispatch(event(i), frame(i));
            }
        } finally {
            handingOver.set(false);
            for (Thread tasker : taskers) {
                tasker.join();
            }
        }
        // Nothing more is handed to the lane, so nothing else could wake its thread: what is left must run.
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == queued.get() && first.last == events && second.last == events);

        for (Sequence reader : List.of(first, second)) {
            assertEquals(null, reader.problem, "in order, once each");
            assertEquals(events, reader.last, "every event");
        }
    }

    private Subscriber open(AlwaysReadyOutput output) throws Exception {
        return open(output, new QueueLimits(16, 1 << 20));
    }

    private Subscriber open(AlwaysReadyOutput output, QueueLimits limits) throws Exception {
        Subscriber subscriber = new Subscriber(output, Subscription.everything(), StreamTerms.openEnded(),
                new Subscriber.Commons(limits, new Notices(Duration.ofSeconds(3)),
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

    /** Journals each frame it is written as {@code name:id} ({@code name:greeting} for the opening), and which thread wrote it. */
    private final class Journal extends AlwaysReadyOutput {
        private final String name;
        private final boolean failsOnEvents;
        final List<String> writers = new CopyOnWriteArrayList<>();
        /** Run as an event is written, by the writing thread. */
        volatile Runnable onEvent = () -> { };

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
            writers.add(Thread.currentThread().getName());
            if (lines.stream().anyMatch(line -> !line.endsWith(":greeting"))) {
                onEvent.run();
            }
        }
    }

    /**
     * Checks the event ids it is written follow each other (e1, e2, ...). Its fields are plain: only the
     * lane's holder writes, so a write from two threads at once would show here as a wrong sequence.
     */
    private static final class Sequence extends AlwaysReadyOutput {
        volatile long last;
        volatile String problem;

        @Override
        public void write(List<SseFrame> frames) {
            // A frame may join several events: every id line counts.
            frames.stream().flatMap(frame -> frame.toString().lines()).filter(line -> line.startsWith("id: e"))
                    .mapToLong(line -> Long.parseLong(line.substring(5))).forEach(position -> {
                        if (position != last + 1 && problem == null) {
                            problem = "e" + position + " after e" + last;
                        }
                        last = position;
                    });
        }
    }
}
