package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.client.ScriptedServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * When and how a subscription tries again: backoff with jitter over the hub's hint, Retry-After, the
 * stream's retry field, the last id on every attempt, and a stream gone silent.
 */
class ReconnectPolicyTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofMillis(1600);
    private static final Duration INITIAL_RETRY = Duration.ofMillis(250);

    /** Records every delay it is asked to wait, and returns at once. */
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Test
    void attemptsAgainstAClosedPortWaitLongerEachTimeUpToTheCapNeverInLockstep() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        try (HubClient client = recording(closed).build()) {
            Subscription subscription = client.subscribe().open();
            await().atMost(WAIT).until(() -> delays.size() >= 24);
            subscription.close();
        }

        // What came on top of the hint, attempt by attempt: windows of 100, 200, 400, 800, then 1600 ms.
        List<Duration> jitter = delays.subList(0, 24).stream().map(delay -> delay.minus(INITIAL_RETRY)).toList();
        for (int n = 0; n < jitter.size(); n++) {
            Duration window = new Backoff(BASE, CAP).window(n + 1);
            assertTrue(!jitter.get(n).isNegative() && jitter.get(n).compareTo(window) <= 0,
                    "attempt " + (n + 1) + " waited the hint plus at most " + window + ": " + delays);
        }
        assertTrue(average(jitter.subList(8, 24)).compareTo(average(jitter.subList(0, 3)).multipliedBy(3)) > 0,
                "later waits are much longer than the first ones: " + delays);
        assertTrue(jitter.stream().distinct().count() > 12, "jittered, not identical: " + delays);
    }

    @Test
    void serverErrorsAreRetriedAndA503sRetryAfterIsTheFloorOfTheNextWait() {
        try (ScriptedServer server = ScriptedServer.answering(
                Answer.status(500),
                Answer.status(503).header("Retry-After", "7"),
                Answer.silentStream("id: e-1\nevent: note\ndata: {}\n\n"));
             HubClient client = recording(server.uri()).build()) {
            List<HubEvent> events = new CopyOnWriteArrayList<>();
            client.subscribe().onAny(events::add).open();

            await().atMost(WAIT).until(() -> events.size() == 1);
            assertEquals("e-1", events.get(0).id().orElseThrow());
            assertBetween(INITIAL_RETRY, INITIAL_RETRY.plus(BASE), delays.get(0));
            assertBetween(Duration.ofSeconds(7), Duration.ofSeconds(7).plus(BASE.multipliedBy(2)), delays.get(1));
        }
    }

    @Test
    void theStreamsRetryFieldAndLastIdCarryOverAndOnlyBlocksWithDataAreEvents() {
        try (ScriptedServer server = ScriptedServer.answering(
                Answer.stream("retry: 1234\n\n: keep-alive\n\nid: run-1\nevent: note\ndata: {\"n\":1}\n\n"
                        + ": keep-alive\n\nevent: error\ndata: {\"reason\":\"slow-consumer\"}\n\n"),
                Answer.stream("id: run-2\nevent: note\ndata: {\"n\":2}\n\n"),
                Answer.silentStream(": nothing more\n\n"));
             HubClient client = recording(server.uri()).build()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            Subscription subscription = client.subscribe()
                    .onAny(event -> seen.add(event.type() + " " + event.id().orElse("-") + " " + event.data()))
                    .open();

            await().atMost(WAIT).until(() -> server.requestCount() == 3);
            assertEquals(List.of("note run-1 {\"n\":1}", "error - {\"reason\":\"slow-consumer\"}", "note run-2 {\"n\":2}"), seen,
                    "comments and the bare retry hint are not events");
            List<ScriptedServer.Received> requests = server.requests();
            assertNull(requests.get(0).lastEventId(), "nothing to resume from yet");
            assertEquals("run-1", requests.get(1).lastEventId(), "a notice without an id keeps the last one");
            assertEquals("run-2", requests.get(2).lastEventId());
            assertEquals("text/event-stream", requests.get(0).accept());
            Duration hint = Duration.ofMillis(1234);
            assertBetween(hint, hint.plus(BASE), delays.get(0));
            assertBetween(hint, hint.plus(BASE), delays.get(1));
            assertEquals(java.util.Optional.of("run-2"), subscription.lastEventId());
        }
    }

    @Test
    void theFirstRequestCarriesTheCallersLastEventId() {
        try (ScriptedServer server = ScriptedServer.answering(Answer.silentStream(": hello\n\n"));
             HubClient client = recording(server.uri()).build()) {
            client.subscribe().topics("news", "time").lastEventId("stored-42").open();

            await().atMost(WAIT).until(() -> server.requestCount() == 1);
            assertEquals("stored-42", server.requests().get(0).lastEventId());
            assertEquals("/events?topic=news&topic=time", server.requests().get(0).pathAndQuery());
        }
    }

    @Test
    void aQuietStreamOutlivesManyWakeUpsOnTheSameConnection() {
        // Seven wake-ups (timed-out reads) pass before the second event: the connection must survive them.
        try (ScriptedServer server = ScriptedServer.answering(Answer.silentStream(
                "id: q-1\nevent: note\ndata: {}\n\n", Duration.ofMillis(700), "id: q-2\nevent: note\ndata: {}\n\n"));
             HubClient client = recording(server.uri()).wakeInterval(Duration.ofMillis(100)).build()) {
            List<String> ids = new CopyOnWriteArrayList<>();
            client.subscribe().onAny(event -> ids.add(event.id().orElseThrow())).open();

            await().atMost(WAIT).until(() -> ids.size() == 2);
            assertEquals(List.of("q-1", "q-2"), ids);
            assertEquals(1, server.requestCount(), "no reconnect");
            assertEquals(List.of(), delays);
        }
    }

    @Test
    void aHubSlowToAnswerIsGivenLongerEachTimeUntilItsStreamOpens() {
        // The response head takes 700 ms; the read timeout starts at 200 ms and doubles after each miss.
        // With a fixed one, every attempt would be abandoned before the hub answers.
        try (ScriptedServer server = ScriptedServer.answering(
                Answer.silentStream("id: slow-1\nevent: note\ndata: {}\n\n").after(Duration.ofMillis(700)));
             HubClient client = recording(server.uri()).wakeInterval(Duration.ofMillis(200)).build()) {
            List<String> ids = new CopyOnWriteArrayList<>();
            client.subscribe().onAny(event -> ids.add(event.id().orElseThrow())).open();

            await().atMost(WAIT).until(() -> ids.size() == 1);
            assertTrue(server.requestCount() >= 2, "the first attempts gave up: " + server.requestCount() + " requests");
        }
    }

    @Test
    void aStreamSilentForTheIdleTimeoutIsPresumedDeadAndResumed() {
        try (ScriptedServer server = ScriptedServer.answering(
                Answer.silentStream("id: quiet-1\nevent: note\ndata: {}\n\n"),
                Answer.silentStream(": hello again\n\n"));
             HubClient client = recording(server.uri())
                     .wakeInterval(Duration.ofMillis(250))
                     .idleTimeout(Duration.ofMillis(750))
                     .build()) {
            client.subscribe().open();

            await().atMost(WAIT).until(() -> server.requestCount() == 2);
            assertEquals("quiet-1", server.requests().get(1).lastEventId());
        }
    }

    private HubClientBuilder recording(URI uri) {
        return HubClient.builder(uri)
                .initialRetry(INITIAL_RETRY)
                .backoff(new Backoff(BASE, CAP))
                .random(new Random(5))
                .sleeper(delays::add);
    }

    private static Duration average(List<Duration> durations) {
        return durations.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(durations.size());
    }

    private static void assertBetween(Duration min, Duration max, Duration actual) {
        assertTrue(actual.compareTo(min) >= 0 && actual.compareTo(max) <= 0,
                "expected between " + min + " and " + max + ", was " + actual);
    }
}
