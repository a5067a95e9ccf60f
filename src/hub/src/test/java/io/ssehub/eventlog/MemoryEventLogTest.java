package io.ssehub.eventlog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.Replay.Gap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemoryEventLogTest {

    private static final Pattern OPAQUE_ID = Pattern.compile("([a-z0-9]{10})-([1-9][0-9]*)");

    private final List<MemoryEventLog> logs = new ArrayList<>();

    private MemoryEventLog newLog(int capacity) {
        MemoryEventLog log = new MemoryEventLog(capacity);
        logs.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        logs.forEach(MemoryEventLog::close);
    }

    private static EventDraft draft(int n) {
        return new EventDraft("topic." + (n % 3), "type", "data " + n, Optional.empty());
    }

    @Test
    void aNudgeFollowsEveryAppendOnTheAppendingThreadWithTheEventReadableAndTheLogFreeForOthers() throws Exception {
        MemoryEventLog log = newLog(10);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> nudges = new ConcurrentLinkedQueue<>();
        assertTrue(log.nudgeOnAppend(() -> {
            nudges.add(Thread.currentThread().getName() + " saw " + log.lastId().map(EventId::text).orElse("none"));
            if (Thread.currentThread().getName().equals("held-publisher")) {
                awaitQuietly(release);
            }
        }));
        ExecutorService held = Executors.newSingleThreadExecutor(task -> new Thread(task, "held-publisher"));
        try {
            Future<Event> heldAppend = held.submit(() -> log.append(draft(1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> nudges.size() == 1);
            // The held publisher is still in its nudge: another append goes through, so no lock is held there.
            Event other = log.append(draft(2));
            release.countDown();
            Event first = heldAppend.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("held-publisher saw " + first.id().text(),
                    Thread.currentThread().getName() + " saw " + other.id().text()), List.copyOf(nudges));
        } finally {
            release.countDown();
            held.shutdownNow();
        }
        assertThrows(IllegalStateException.class, () -> log.nudgeOnAppend(() -> { }), "one reader per log");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Event> appendMany(EventLog log, int count) {
        List<Event> appended = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            appended.add(log.append(draft(i)));
        }
        return appended;
    }

    private static List<Long> positions(List<Event> events) {
        return events.stream().map(event -> event.id().position()).toList();
    }

    private static List<Long> range(long firstInclusive, long lastInclusive) {
        return LongStream.rangeClosed(firstInclusive, lastInclusive).boxed().toList();
    }

    private static String runOf(Event event) {
        Matcher id = OPAQUE_ID.matcher(event.id().text());
        assertTrue(id.matches(), event.id().text());
        return id.group(1);
    }

    // --- ids ---

    @Test
    void idsAreStrictlyIncreasingAndReadRunDashSequence() {
        MemoryEventLog log = newLog(100);

        List<Event> events = appendMany(log, 20);

        String run = runOf(events.get(0));
        for (int i = 0; i < events.size(); i++) {
            EventId id = events.get(i).id();
            assertEquals(run + "-" + (i + 1), id.text());
            assertEquals(i + 1, id.position());
            if (i > 0) {
                assertTrue(id.isAfter(events.get(i - 1).id()));
                assertTrue(id.compareTo(events.get(i - 1).id()) > 0);
            }
        }
        assertEquals(Optional.of(events.get(19).id()), log.lastId());
    }

    @Test
    void everyLogDrawsItsOwnRunToken() {
        String first = runOf(newLog(1).append(draft(1)));
        String second = runOf(newLog(1).append(draft(1)));

        assertNotEquals(first, second);
    }

    @Test
    void appendedEventKeepsTheDraftAndTheClockTime() {
        Instant now = Instant.parse("2024-05-06T07:08:09Z");
        MemoryEventLog log = new MemoryEventLog(4, Clock.fixed(now, ZoneOffset.UTC));
        logs.add(log);

        Event event = log.append(new EventDraft("news", "headline", "{\"t\":1}", Optional.of(Duration.ofSeconds(4))));

        assertEquals("news", event.topic());
        assertEquals("headline", event.type());
        assertEquals("{\"t\":1}", event.data());
        assertEquals(Optional.of(Duration.ofSeconds(4)), event.retry());
        assertEquals(now, event.publishedAt());
    }

    @Test
    void emptyLogHasNoLastId() {
        assertEquals(Optional.empty(), newLog(3).lastId());
    }

    @Test
    void capacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryEventLog(0));
    }

    // --- the byte bound ---

    private MemoryEventLog newLog(int capacity, long maxBytes) {
        MemoryEventLog log = new MemoryEventLog(capacity, maxBytes, Clock.systemUTC());
        logs.add(log);
        return log;
    }

    private static EventDraft sized(int chars) {
        return new EventDraft("big", "type", "x".repeat(chars), Optional.empty());
    }

    private static long storedBytes(List<Event> events) {
        return events.stream().mapToLong(StoredBytes::of).sum();
    }

    @Test
    void theOldestEventsGoOnceTheBytesHeldPassTheBoundAndTheRestStayWithinIt() {
        long oneEvent = StoredBytes.of(newLog(1).append(sized(1_000)));
        MemoryEventLog log = newLog(1_000, 3 * oneEvent + oneEvent / 2);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(log.append(sized(1_000)));
        }

        Replay retained = log.retained();

        assertEquals(events.subList(7, 10), retained.events(), "three events fit in three and a half");
        assertTrue(storedBytes(retained.events()) <= 3 * oneEvent + oneEvent / 2);
        assertEquals(Optional.of(Gap.EVICTED), log.replayAfter(events.get(5).id().text()).gap());
        assertEquals(events.subList(7, 10), log.replayAfter(events.get(6).id().text()).events(),
                "the id just before the oldest held resumes seamlessly");
    }

    @Test
    void oneLargeEventEvictsAsManySmallOnesAsItNeeds() {
        long small = StoredBytes.of(newLog(1).append(sized(100)));
        MemoryEventLog log = newLog(1_000, 10 * small);
        List<Event> smallOnes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            smallOnes.add(log.append(sized(100)));
        }

        Event large = log.append(sized(5 * (int) small));

        List<Event> held = log.retained().events();
        assertEquals(large, held.get(held.size() - 1));
        assertTrue(storedBytes(held) <= 10 * small, "held " + storedBytes(held) + " bytes");
        assertEquals(smallOnes.subList(10 - (held.size() - 1), 10), held.subList(0, held.size() - 1),
                "the small ones still held are the newest, in order");
        assertTrue(held.size() < 10, "some small ones went: " + held.size() + " held");
    }

    @Test
    void anEventLargerThanTheBoundIsStillHeldAsTheNewestAndEvictsEverythingElse() {
        MemoryEventLog log = newLog(1_000, 2_000);
        appendMany(log, 3);

        Event huge = log.append(sized(10_000));

        assertEquals(List.of(huge), log.retained().events());
        assertEquals(Optional.of(huge.id()), log.lastId());
        Event next = log.append(draft(4));
        assertEquals(List.of(next), log.retained().events(), "the huge one goes as soon as it is not the newest");
    }

    @Test
    void dataWithACharacterOutsideLatin1CountsTwoBytesForEveryCharacterAsTheJvmStoresIt() {
        String latin1 = "é".repeat(1_000);
        String oneEuro = "€" + "x".repeat(999);

        assertEquals(1_000, StoredBytes.of(latin1));
        assertEquals(2_000, StoredBytes.of(oneEuro));
        Event event = newLog(1).append(new EventDraft("big", "type", oneEuro, Optional.empty()));
        assertEquals(StoredBytes.PER_EVENT + 2_000 + event.id().text().length() + "big".length() + "type".length(),
                StoredBytes.of(event));
    }

    @Test
    void aTailThatFallsBehindEventsEvictedByBytesIsOverrun() {
        MemoryEventLog log = newLog(1_000, 3 * StoredBytes.of(newLog(1).append(sized(1_000))));
        Tail tail = log.tail();

        for (int i = 0; i < 5; i++) {
            log.append(sized(1_000));
        }

        TailOverrunException overrun = assertThrows(TailOverrunException.class, () -> tail.next(Duration.ofMillis(50)));
        assertTrue(overrun.getMessage().startsWith("2 events"), overrun.getMessage());
    }

    @Test
    void aByteBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryEventLog(10, 0, Clock.systemUTC()));
    }

    // --- replay ---

    @Test
    void replayAfterAnIdReturnsExactlyTheLaterEvents() {
        MemoryEventLog log = newLog(10);
        List<Event> events = appendMany(log, 5);

        Replay replay = log.replayAfter(events.get(1).id().text());

        assertEquals(Optional.empty(), replay.gap());
        assertEquals(events.subList(2, 5), replay.events());
    }

    @Test
    void replayAfterTheNewestIdIsEmptyAndContinuous() {
        MemoryEventLog log = newLog(10);
        List<Event> events = appendMany(log, 5);

        Replay replay = log.replayAfter(events.get(4).id().text());

        assertEquals(Optional.empty(), replay.gap());
        assertEquals(List.of(), replay.events());
    }

    @Test
    void replayAfterAnEvictedIdReportsTheGapAndEveryRetainedEvent() {
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 10);

        Replay replay = log.replayAfter(events.get(1).id().text());

        assertEquals(Optional.of(Gap.EVICTED), replay.gap());
        assertEquals(events.subList(7, 10), replay.events());
        assertEquals(range(8, 10), positions(replay.events()));
    }

    @Test
    void replayAfterTheIdJustBeforeTheOldestRetainedIsContinuous() {
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 10);

        Replay replay = log.replayAfter(events.get(6).id().text());

        assertEquals(Optional.empty(), replay.gap());
        assertEquals(events.subList(7, 10), replay.events());
    }

    @Test
    void replayAfterTheIdTwoBeforeTheOldestRetainedIsEvicted() {
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 10);

        Replay replay = log.replayAfter(events.get(5).id().text());

        assertEquals(Optional.of(Gap.EVICTED), replay.gap());
        assertEquals(events.subList(7, 10), replay.events());
    }

    @Test
    void replayAfterAnIdFromAnEarlierRunReportsTheGapAndEveryRetainedEvent() {
        MemoryEventLog earlierRun = newLog(3);
        String oldId = earlierRun.append(draft(1)).id().text();
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 5);

        Replay replay = log.replayAfter(oldId);

        assertEquals(Optional.of(Gap.EARLIER_RUN), replay.gap());
        assertEquals(events.subList(2, 5), replay.events());
    }

    @Test
    void replayAfterGarbageIdsReportsUnknownAndEveryRetainedEvent() {
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 10);
        String run = runOf(events.get(0));
        String newest = events.get(9).id().text();

        List<String> garbage = List.of(
                "abc",
                "",
                "x".repeat(200),
                run + "-11",
                run + "-999999",
                run + "-0",
                run + "-01",
                run + "--1",
                run + "-",
                run,
                run.toUpperCase() + "-5",
                " " + newest,
                newest + " ",
                newest + "\n",
                "1-5",
                "9");
        for (String id : garbage) {
            Replay replay = log.replayAfter(id);
            assertEquals(Optional.of(Gap.UNKNOWN), replay.gap(), () -> "for id '" + id + "'");
            assertEquals(events.subList(7, 10), replay.events(), () -> "for id '" + id + "'");
        }
    }

    @Test
    void replayOnAnEmptyLogIsEmpty() {
        MemoryEventLog log = newLog(3);

        Replay replay = log.replayAfter("abc");

        assertEquals(Optional.of(Gap.UNKNOWN), replay.gap());
        assertEquals(List.of(), replay.events());
    }

    @Test
    void replayEventsCannotBeModified() {
        MemoryEventLog log = newLog(3);
        Event first = appendMany(log, 3).get(0);

        Replay replay = log.replayAfter(first.id().text());

        assertThrows(UnsupportedOperationException.class, () -> replay.events().clear());
        assertEquals(2, log.replayAfter(first.id().text()).events().size());
    }

    @Test
    void gapTokensAreWhatClientsSee() {
        assertEquals("evicted", Gap.EVICTED.token());
        assertEquals("earlier-run", Gap.EARLIER_RUN.token());
        assertEquals("unknown", Gap.UNKNOWN.token());
    }

    /**
     * Regression (MemoryEventLog.replayAfter): the id pattern admits a sequence of up to 19 digits, but
     * {@code Long.parseLong} overflows for values above Long.MAX_VALUE and throws NumberFormatException, so a
     * client-controlled Last-Event-ID crashes the replay instead of being reported as unknown.
     */
    @Test
    void idWithASequenceBeyondTheLongRangeIsUnknownNotACrash() {
        MemoryEventLog log = newLog(3);
        List<Event> events = appendMany(log, 3);
        String forged = runOf(events.get(0)) + "-9999999999999999999";

        Replay replay = assertDoesNotThrow(() -> log.replayAfter(forged));

        assertEquals(Optional.of(Gap.UNKNOWN), replay.gap());
        assertEquals(events, replay.events());
    }

    // --- tail ---

    @Test
    void tailStartsAfterTheNewestEventAndReturnsAppendedEventsInOrder() throws InterruptedException {
        MemoryEventLog log = newLog(10);
        appendMany(log, 3);
        Tail tail = log.tail();

        Event fourth = log.append(draft(4));
        Event fifth = log.append(draft(5));

        assertEquals(List.of(fourth, fifth), tail.next(Duration.ofMillis(50)));
        Event sixth = log.append(draft(6));
        assertEquals(List.of(sixth), tail.next(Duration.ofMillis(50)));
    }

    @Test
    void tailWaitsForTheTimeoutAndReturnsEmptyWhenNothingIsAppended() throws InterruptedException {
        MemoryEventLog log = newLog(10);
        appendMany(log, 2);
        Tail tail = log.tail();

        long started = System.nanoTime();
        List<Event> events = tail.next(Duration.ofMillis(50));
        long waited = System.nanoTime() - started;

        assertEquals(List.of(), events);
        assertTrue(waited >= Duration.ofMillis(49).toNanos(), "returned after " + waited + " ns");
    }

    @Test
    void tailWakesPromptlyWhenAnotherThreadAppends() throws Exception {
        MemoryEventLog log = newLog(10);
        Tail tail = log.tail();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<List<Event>> next = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                waiting.countDown();
                next.complete(tail.next(Duration.ofSeconds(20)));
            } catch (Throwable e) {
                next.completeExceptionally(e);
            }
        }, "tail-reader");
        reader.start();
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        awaitTimedWaiting(reader);

        long started = System.nanoTime();
        Event appended = log.append(draft(1));

        assertEquals(List.of(appended), next.get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        reader.join(5_000);
    }

    @Test
    void closeWakesAWaitingTail() throws Exception {
        MemoryEventLog log = newLog(10);
        Tail tail = log.tail();
        CompletableFuture<List<Event>> next = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                next.complete(tail.next(Duration.ofSeconds(20)));
            } catch (Throwable e) {
                next.completeExceptionally(e);
            }
        }, "tail-reader");
        reader.start();
        awaitTimedWaiting(reader);

        log.close();

        assertEquals(List.of(), next.get(5, TimeUnit.SECONDS));
        reader.join(5_000);
    }

    /** Until the reader is parked inside {@code next}, so the append really has to wake it. */
    private static void awaitTimedWaiting(Thread reader) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the reader never waited; state " + reader.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void tailThatFallsBehindTheRingIsOverrun() {
        MemoryEventLog log = newLog(2);
        Tail tail = log.tail();

        appendMany(log, 5);

        TailOverrunException overrun = assertThrows(TailOverrunException.class, () -> tail.next(Duration.ofMillis(50)));
        assertTrue(overrun.getMessage().startsWith("3 events"), overrun.getMessage());
    }

    @Test
    void tailExactlyAsFarBehindAsTheCapacityIsNotOverrun() throws InterruptedException {
        MemoryEventLog log = newLog(2);
        appendMany(log, 1);
        Tail tail = log.tail();

        Event second = log.append(draft(2));
        Event third = log.append(draft(3));

        assertEquals(List.of(second, third), tail.next(Duration.ofMillis(50)));
    }

    // --- concurrency and closing ---

    @Test
    void concurrentAppendsGetDistinctIdsWithGapFreePositions() throws Exception {
        int threads = 4;
        int perThread = 1_000;
        MemoryEventLog log = newLog(threads * perThread);
        ConcurrentLinkedQueue<Event> appended = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        Event event = log.append(draft(i));
                        appended.add(event);
                        mine.add(event.id().position());
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<Long>> result : results) {
                List<Long> mine = result.get(20, TimeUnit.SECONDS);
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "one thread's appends are ordered");
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> ids = new HashSet<>();
        List<Long> positions = new ArrayList<>();
        for (Event event : appended) {
            ids.add(event.id().text());
            positions.add(event.id().position());
        }
        positions.sort(null);
        assertEquals(threads * perThread, appended.size());
        assertEquals(threads * perThread, ids.size());
        assertEquals(range(1, threads * perThread), positions);
        assertEquals(threads * (long) perThread, log.lastId().orElseThrow().position());
        assertEquals(range(2, threads * perThread), positions(log.replayAfter(runOf(appended.peek()) + "-1").events()));
    }

    @Test
    void appendAfterCloseIsRefused() {
        MemoryEventLog log = newLog(3);
        log.append(draft(1));

        log.close();

        assertThrows(IllegalStateException.class, () -> log.append(draft(2)));
        assertEquals(1, log.lastId().orElseThrow().position());
    }

    @Test
    void tailOfAClosedLogReturnsWithoutWaiting() throws InterruptedException {
        MemoryEventLog log = newLog(3);
        Tail tail = log.tail();
        log.close();

        long started = System.nanoTime();
        List<Event> events = tail.next(Duration.ofSeconds(20));

        assertEquals(List.of(), events);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
    }
}
