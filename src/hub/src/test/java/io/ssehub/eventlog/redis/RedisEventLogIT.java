package io.ssehub.eventlog.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.config.EventLogConfig;
import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.eventlog.Replay;
import io.ssehub.eventlog.Tail;
import io.ssehub.eventlog.TailOverrunException;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import io.ssehub.testing.RedisProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The log on a real Redis, without a hub around it: ids, gaps, trimming, scripts and the tail. */
@Timeout(60)
class RedisEventLogIT {

    private static final Pattern SCRIPT_CALLS = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+),");

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static EventLogConfig config(String prefix) {
        return config(prefix, "1s");
    }

    private static EventLogConfig config(String prefix, String commandTimeout) {
        return HubConfig.from(Map.of("eventlog", "redis", "redis.uri", redis.uri(), "redis.key.prefix", prefix,
                "redis.command.timeout", commandTimeout, "redis.tail.block", "100ms")).eventLog();
    }

    /** Sends one command on a raw connection of the test's own and reads its one-line answer. */
    private static String command(Socket connection, String command) throws IOException {
        connection.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        connection.getOutputStream().flush();
        StringBuilder answer = new StringBuilder();
        for (int c = connection.getInputStream().read(); c != '\n' && c != -1; c = connection.getInputStream().read()) {
            answer.append((char) c);
        }
        return answer.toString().strip();
    }

    /** Script calls Redis has run since its statistics were last reset. */
    private static int scriptCalls() {
        Matcher calls = SCRIPT_CALLS.matcher(redis.inspect().info("commandstats"));
        int scriptCalls = 0;
        while (calls.find()) {
            scriptCalls += Integer.parseInt(calls.group(1));
        }
        return scriptCalls;
    }

    private static EventDraft draft(String topic, String data) {
        return new EventDraft(topic, "message", data, Optional.empty());
    }

    private static List<Long> sequences(List<Event> events) {
        return events.stream().map(event -> event.id().position()).toList();
    }

    @Test
    void aResumeIsSeamlessOrItsGapIsNamedExactly() {
        try (RedisEventLog log = RedisEventLog.connect(config("gaps"), 100, Clock.systemUTC())) {
            List<Event> appended = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                appended.add(log.append(draft("t", "\"" + i + "\"")));
            }
            String epoch = appended.get(0).id().text().substring(0, 10);

            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(appended));
            assertEquals(Replay.continuous(appended.subList(3, 5)), log.replayAfter(appended.get(2).id().text()));
            assertEquals(Replay.continuous(List.of()), log.replayAfter(appended.get(4).id().text()));
            assertEquals(Replay.afterGap(Replay.Gap.UNKNOWN, appended), log.replayAfter("not-an-id"));
            assertEquals(Replay.afterGap(Replay.Gap.UNKNOWN, appended), log.replayAfter(epoch + "-6"));
            String otherEpoch = epoch.equals("aaaaaaaaaa") ? "bbbbbbbbbb" : "aaaaaaaaaa";
            assertEquals(Replay.afterGap(Replay.Gap.EARLIER_RUN, appended), log.replayAfter(otherEpoch + "-2"));
            assertEquals(Replay.continuous(appended), log.retained());
            // The newest id is where this node's tail stands: none before a tail, the head once one starts.
            assertEquals(Optional.empty(), log.lastId());
            log.tail();
            assertEquals(Optional.of(appended.get(4).id()), log.lastId());
        }
    }

    // A private update stored without its flag would reach every stream on every node.
    @Test
    void aMercureUpdateIsRefusedWholeNeverStoredWithoutWhatMakesItSafe() {
        try (RedisEventLog log = RedisEventLog.connect(config("mercure"), 100, Clock.systemUTC())) {
            List<EventDraft> updates = List.of(
                    new EventDraft("https://example.com/a", null, "x", Optional.empty(), Optional.empty(), List.of(), true),
                    new EventDraft("https://example.com/a", null, "x", Optional.empty(), Optional.of("urn:uuid:1"), List.of(),
                            false),
                    new EventDraft("https://example.com/a", "t", "x", Optional.empty(), Optional.empty(),
                            List.of("https://example.com/b"), false));
            for (EventDraft update : updates) {
                Refusal refusal = assertThrows(Refusal.class, () -> log.append(update));
                assertEquals(ProblemKind.UNSUPPORTED, refusal.kind());
            }
            assertEquals(Replay.continuous(List.of()), log.retained());
        }
    }

    @Test
    void theStreamIsTrimmedNearItsCapacityAndAResumeFromATrimmedIdIsToldSo() {
        try (RedisEventLog log = RedisEventLog.connect(config("trim"), 100, Clock.systemUTC())) {
            Event first = log.append(draft("t", "0"));
            for (int i = 1; i < 1_000; i++) {
                log.append(draft("t", Integer.toString(i)));
            }

            long length = redis.inspect().xlen("{trim}:log");
            assertTrue(length >= 100 && length <= 200, "XLEN " + length);
            Replay replay = log.replayAfter(first.id().text());
            assertEquals(Optional.of(Replay.Gap.EVICTED), replay.gap());
            List<Long> retained = sequences(replay.events());
            assertEquals(LongStream.rangeClosed(1_001 - length, 1_000).boxed().toList(), retained);
        }
    }

    @Test
    void twoNodesOnOnePrefixShareOneDenseSequenceAndEachTailSeesEveryAppend() throws InterruptedException {
        try (RedisEventLog a = RedisEventLog.connect(config("shared"), 1_000, Clock.systemUTC());
             RedisEventLog b = RedisEventLog.connect(config("shared"), 1_000, Clock.systemUTC())) {
            Tail tailOfB = b.tail();
            List<Event> appended = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                appended.add((i % 2 == 0 ? a : b).append(draft("t", Integer.toString(i))));
            }
            List<Event> seen = new ArrayList<>();
            while (seen.size() < appended.size()) {
                List<Event> next = tailOfB.next(Duration.ofSeconds(5));
                assertTrue(!next.isEmpty(), "the tail read nothing within 5 s, after " + seen);
                seen.addAll(next);
            }

            assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), sequences(appended));
            assertEquals(appended, seen);
        }
    }

    /**
     * Appends waiting on one node at the same moment share one script call: Redis's writes are paused (as a
     * busy Redis would keep them waiting) while 40 appends are asked for, then resumed. They take at most two
     * calls (the first append, already sent, and all the others), keep one dense order, and each publisher is
     * answered with the id its event holds in the stream.
     */
    @Test
    void appendsWaitingTogetherShareOneScriptCallAndEachGetsTheIdItsEventHolds() throws Exception {
        int publishers = 40;
        try (RedisEventLog log = RedisEventLog.connect(config("together", "10s"), 1_000, Clock.systemUTC());
             Socket pauser = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            redis.inspect().configResetstat();
            assertEquals("+OK", command(pauser, "CLIENT PAUSE 20000 WRITE"));
            Map<String, CompletableFuture<Event>> asked = new HashMap<>();
            for (int i = 0; i < publishers; i++) {
                String data = Integer.toString(i);
                asked.put(data, log.appendAsync(draft("t", data)));
            }
            assertEquals("+OK", command(pauser, "CLIENT UNPAUSE"));
            Map<String, Event> answered = new HashMap<>();
            for (Map.Entry<String, CompletableFuture<Event>> each : asked.entrySet()) {
                answered.put(each.getKey(), each.getValue().get(10, TimeUnit.SECONDS));
            }

            int scriptCalls = scriptCalls();
            assertTrue(scriptCalls <= 2, publishers + " appends took " + scriptCalls + " script calls");
            List<Event> stored = log.retained().events();
            assertEquals(LongStream.rangeClosed(1, publishers).boxed().toList(), sequences(stored));
            for (Event event : stored) {
                assertEquals(answered.get(event.data()), event, "the id its publisher was given");
            }
        }
    }

    @Test
    void aBatchIsStoredInOneScriptCallWholeAndInOrderEvenPastTheGroupBound() {
        try (RedisEventLog log = RedisEventLog.connect(config("batch"), 1_000, Clock.systemUTC())) {
            int size = Appender.MAX_EVENTS * 2 + 50;
            List<EventDraft> drafts = IntStream.range(0, size).mapToObj(i -> draft("t" + i % 3, Integer.toString(i)))
                    .toList();

            // The first call of a Redis that does not know the script yet is two (NOSCRIPT, then the script).
            log.append(draft("first", "0"));
            int before = scriptCalls();
            List<Event> appended = log.appendAll(drafts);

            assertEquals(1, scriptCalls() - before, "a batch of " + size + " is one script: all of it stored, or none");
            assertEquals(LongStream.rangeClosed(2, size + 1).boxed().toList(), sequences(appended));
            assertEquals(appended, log.retained().events().subList(1, size + 1), "stored as answered, in order");
            for (int i = 0; i < size; i++) {
                assertEquals(drafts.get(i).data(), appended.get(i).data());
                assertEquals(drafts.get(i).topic(), appended.get(i).topic());
            }
        }
    }

    @Test
    void scriptsForgottenByRedisAreSentAgainAndAppendOnce() {
        try (RedisEventLog log = RedisEventLog.connect(config("noscript"), 100, Clock.systemUTC())) {
            Event before = log.append(draft("t", "1"));
            redis.inspect().scriptFlush();

            Event after = log.append(draft("t", "2"));

            assertEquals(before.id().position() + 1, after.id().position());
            assertEquals(2L, redis.inspect().xlen("{noscript}:log"));
        }
    }

    /** Redis lost its data (as a restart without persistence does): the tail must not wait below its cursor. */
    @Test
    void aTailWhoseEpochIsGoneSaysSoAndGoesOnInTheNewOne() throws InterruptedException {
        try (RedisEventLog log = RedisEventLog.connect(config("epoch"), 100, Clock.systemUTC())) {
            Tail tail = log.tail();
            Event old = log.append(draft("t", "1"));
            log.append(draft("t", "2"));
            assertEquals(2, tail.next(Duration.ofSeconds(5)).size());
            redis.inspect().del("{epoch}:meta", "{epoch}:log");

            assertEquals(List.of(), tail.next(Duration.ofMillis(250)));
            assertThrows(TailOverrunException.class, () -> tail.next(Duration.ofMillis(250)));
            Event renewed = log.append(draft("t", "3"));
            List<Event> next = tail.next(Duration.ofSeconds(5));

            assertEquals(List.of(renewed), next);
            assertEquals(1L, renewed.id().position());
            assertNotEquals(old.id().text().substring(0, 10), renewed.id().text().substring(0, 10));
            assertEquals(Optional.of(Replay.Gap.EARLIER_RUN), log.replayAfter(old.id().text()).gap());
        }
    }

    /** A tail that fell behind past the capacity must cut its streams, not skip what it never read. */
    @Test
    void aTailPausedPastTheCapacitySaysSoThenGoesOnFromTheFirstRetained() throws InterruptedException {
        try (RedisEventLog log = RedisEventLog.connect(config("paused"), 100, Clock.systemUTC())) {
            Tail tail = log.tail();
            for (int i = 0; i < 1_000; i++) {
                log.append(draft("t", Integer.toString(i)));
            }
            long length = redis.inspect().xlen("{paused}:log");

            assertThrows(TailOverrunException.class, () -> tail.next(Duration.ofSeconds(5)));
            List<Event> next = tail.next(Duration.ofSeconds(5));

            assertEquals(1_001 - length, next.get(0).id().position());
        }
    }
}
