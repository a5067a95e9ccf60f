package io.ssehub.eventlog.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.eventlog.EventLogUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The appender without Redis: a stand-in for the script call that numbers each batch as Redis would and can
 * be held, so that appends pile up behind the batch in flight exactly as they do behind a slow round trip.
 */
@Timeout(60)
class AppenderTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    /**
     * Numbers batches densely from 1, records their sizes, and holds the first call until released: its answer
     * then comes on the releasing thread, as Redis's comes on the client's I/O thread.
     */
    private static final class FakeRedis implements Function<List<String[]>, CompletionStage<LogHead>> {
        final List<List<String[]>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstArrived = new CountDownLatch(1);
        private final CompletableFuture<Void> release = new CompletableFuture<>();
        private long sequence;

        @Override
        public synchronized CompletionStage<LogHead> apply(List<String[]> batch) {
            batches.add(List.copyOf(batch));
            firstArrived.countDown();
            sequence += batch.size();
            LogHead head = new LogHead("epoch", sequence);
            return release.thenApply(released -> head);
        }

        void release() {
            release.complete(null);
        }

        List<Integer> sizes() {
            return batches.stream().map(List::size).toList();
        }
    }

    private static String[] fields(String data) {
        return new String[] {"t", "m", data, "", "0"};
    }

    private static long sequence(CompletableFuture<LogHead> appended) {
        return appended.orTimeout(LONG.toSeconds(), TimeUnit.SECONDS).join().sequence();
    }

    @Test
    void appendsWaitingBehindABatchInFlightGoTogetherAtMostMaxEventsAtATimeInTheOrderTheyCame()
            throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        try (Appender appender = new Appender(redis, LONG)) {
            CompletableFuture<LogHead> first = appender.append(fields("first"));
            assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));
            List<CompletableFuture<LogHead>> waiting = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                waiting.add(appender.append(fields(Integer.toString(i))));
            }
            redis.release();

            assertEquals(1, sequence(first));
            for (int i = 0; i < waiting.size(); i++) {
                assertEquals(i + 2, sequence(waiting.get(i)), "the sequence of the place " + i + " took");
            }
            assertEquals(List.of(1, Appender.MAX_EVENTS, Appender.MAX_EVENTS, 50), redis.sizes());
            List<String> sent = redis.batches.stream().skip(1).flatMap(List::stream).map(event -> event[2]).toList();
            assertEquals(IntStream.range(0, 250).mapToObj(Integer::toString).toList(), sent, "in the order they came");
        }
    }

    @Test
    void severalEventsOfOneCallerGoWholeInOneCallAndItIsAnsweredWithTheLastOfThem() throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        try (Appender appender = new Appender(redis, LONG)) {
            CompletableFuture<LogHead> first = appender.append(fields("first"));
            assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));
            CompletableFuture<LogHead> three = appender.appendAll(List.of(fields("a"), fields("b"), fields("c")));
            CompletableFuture<LogHead> one = appender.append(fields("d"));
            List<String[]> large = IntStream.range(0, Appender.MAX_EVENTS + 50).mapToObj(i -> fields("l" + i)).toList();
            CompletableFuture<LogHead> pastTheBound = appender.appendAll(large);
            CompletableFuture<LogHead> last = appender.append(fields("e"));
            redis.release();

            assertEquals(1, sequence(first));
            assertEquals(4, sequence(three), "a, b and c hold 2 to 4");
            assertEquals(5, sequence(one));
            assertEquals(5 + large.size(), sequence(pastTheBound));
            assertEquals(6 + large.size(), sequence(last));
            // Whole: a caller's events are never split, and past the bound they go alone.
            assertEquals(List.of(1, 4, large.size(), 1), redis.sizes());
        }
    }

    @Test
    void aBatchHoldsAtMostMaxCharsAndALargerEventGoesAlone() throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        try (Appender appender = new Appender(redis, LONG)) {
            List<CompletableFuture<LogHead>> appended = new ArrayList<>();
            appended.add(appender.append(fields("first")));
            assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));
            String third = "x".repeat(Appender.MAX_CHARS / 3);
            String huge = "y".repeat(Appender.MAX_CHARS + 1);
            for (String data : List.of(third + 1, third + 2, third + 3, huge, "small")) {
                appended.add(appender.append(fields(data)));
            }
            redis.release();
            appended.forEach(AppenderTest::sequence);

            // Three thirds and their other fields pass the bound: two go together; the third cannot take the
            // huge one along, which goes alone, and the small one comes last.
            assertEquals(List.of(1, 2, 1, 1, 1), redis.sizes());
        }
    }

    @Test
    void aCallerThatStoppedWaitingIsNeverSentAndIsToldTheLogIsUnavailable() throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        try (Appender appender = new Appender(redis, Duration.ofMillis(300))) {
            CompletableFuture<LogHead> first = appender.append(fields("first"));
            assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));

            // Answered while the batch before it is still held: its wait does not depend on what is in flight.
            CompletionException late = assertThrows(CompletionException.class,
                    () -> appender.append(fields("late")).join());
            assertInstanceOf(EventLogUnavailableException.class, late.getCause());
            redis.release();
            // The first was held past its own timeout too: its caller was told so, though Redis stored it.
            assertThrows(CompletionException.class, first::join);
            // The writer goes on: a later append is sent and answered.
            assertEquals(2, appender.append(fields("next")).orTimeout(LONG.toSeconds(), TimeUnit.SECONDS).join()
                    .sequence());

            assertEquals(List.of(1, 1), redis.sizes(), "the late one was never sent");
        }
    }

    @Test
    void pastWhatMayWaitAnAppendIsRefusedAtOnceAndTheOthersGoOn() throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        try (Appender appender = new Appender(redis, LONG)) {
            CompletableFuture<LogHead> first = appender.append(fields("first"));
            assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));
            List<CompletableFuture<LogHead>> waiting = new ArrayList<>();
            for (int i = 0; i < Appender.MAX_WAITING_EVENTS; i++) {
                waiting.add(appender.append(fields(Integer.toString(i))));
            }

            CompletableFuture<LogHead> refused = appender.append(fields("one too many"));
            assertTrue(refused.isCompletedExceptionally(), "refused at once");
            assertInstanceOf(EventLogUnavailableException.class,
                    assertThrows(CompletionException.class, refused::join).getCause());
            redis.release();
            assertEquals(1, sequence(first));
            assertEquals(Appender.MAX_WAITING_EVENTS + 1L, sequence(waiting.get(waiting.size() - 1)));
            assertEquals(Appender.MAX_WAITING_EVENTS + 2L, sequence(appender.append(fields("room again"))));
        }
    }

    @Test
    void aFailedBatchFailsEachOfItsCallersAndTheNextBatchIsSent() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        Function<List<String[]>, CompletionStage<LogHead>> failingOnce = batch -> {
            calls.add(batch.size());
            if (calls.size() == 1) {
                return CompletableFuture.failedFuture(new EventLogUnavailableException("Redis went away", null));
            }
            return CompletableFuture.completedFuture(new LogHead("epoch", 7));
        };
        try (Appender appender = new Appender(failingOnce, LONG)) {
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> appender.append(fields("a")).join());
            assertInstanceOf(EventLogUnavailableException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("Redis went away"), failed.getMessage());
            assertEquals(new LogHead("epoch", 7), appender.append(fields("b")).join());
        }
    }

    @Test
    void aClosedAppenderRefusesAppendsAndTellsThoseWaitingWhileItsBatchInFlightIsAnsweredAsRedisAnswers()
            throws InterruptedException {
        FakeRedis redis = new FakeRedis();
        Appender appender = new Appender(redis, LONG);
        CompletableFuture<LogHead> inFlight = appender.append(fields("in flight"));
        assertTrue(redis.firstArrived.await(LONG.toSeconds(), TimeUnit.SECONDS));
        CompletableFuture<LogHead> waiting = appender.append(fields("waiting"));
        appender.close();

        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, waiting::join).getCause());
        CompletionException refused = assertThrows(CompletionException.class, () -> appender.append(fields("a")).join());
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        redis.release();
        assertEquals(1, sequence(inFlight));
        assertEquals(List.of(1), redis.sizes(), "nothing sent after the close");
    }

    @Test
    void aBatchThatFailsAsItIsSentFailsItsCallersAndTheNextIsSent() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        Function<List<String[]>, CompletionStage<LogHead>> throwingOnce = batch -> {
            calls.add(batch.size());
            if (calls.size() == 1) {
                throw new IllegalStateException("a defect in the sender");
            }
            return CompletableFuture.completedFuture(new LogHead("epoch", 3));
        };
        try (Appender appender = new Appender(throwingOnce, LONG)) {
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> appender.append(fields("a")).join());
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals(new LogHead("epoch", 3), appender.append(fields("b")).join());
        }
    }
}
