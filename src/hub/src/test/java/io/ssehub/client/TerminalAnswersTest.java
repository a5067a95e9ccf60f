package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.client.ScriptedServer.Answer;
import io.ssehub.testing.TestHub;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Answers that retrying cannot change stop the subscription after exactly one request, with a clear error. */
class TerminalAnswersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {401, 403, 404, 410})
    void aRefusalStopsAfterOneRequestWithItsStatus(int status) {
        try (ScriptedServer server = ScriptedServer.answering(Answer.status(status));
             HubClient client = TestClients.quick(server.uri()).build()) {
            HubRefusedException error = assertInstanceOf(HubRefusedException.class, failureOf(client));

            assertEquals(status, error.status());
            assertEquals(1, server.requestCount(), "no second attempt");
        }
    }

    @Test
    void noContentStopsAfterOneRequestBecauseItMeansDoNotReconnect() {
        try (ScriptedServer server = ScriptedServer.answering(Answer.status(204));
             HubClient client = TestClients.quick(server.uri()).build()) {
            NotAnEventStreamException error = assertInstanceOf(NotAnEventStreamException.class, failureOf(client));

            assertEquals(204, error.status());
            assertEquals(1, server.requestCount(), "no second attempt");
        }
    }

    @Test
    void aWebPageInsteadOfAnEventStreamStopsAfterOneRequest() {
        try (ScriptedServer server = ScriptedServer.answering(
                Answer.status(200).body("text/html", "<html><body>Please log in</body></html>"));
             HubClient client = TestClients.quick(server.uri()).build()) {
            NotAnEventStreamException error = assertInstanceOf(NotAnEventStreamException.class, failureOf(client));

            assertTrue(error.contentType().startsWith("text/html"), error.contentType());
            assertTrue(error.getMessage().contains("instead of text/event-stream"), error.getMessage());
            assertEquals(1, server.requestCount(), "no second attempt");
        }
    }

    @Test
    void aBadRequestToTheRealHubStopsWithItsProblemDetailInTheMessage() {
        try (TestHub hub = TestHub.start(); HubClient client = TestClients.quick(hub.uri()).build()) {
            AtomicReference<HubException> failure = new AtomicReference<>();
            Subscription subscription = client.subscribe().topics("not a topic!").onFailure(failure::set).open();

            await().atMost(WAIT).until(() -> failure.get() != null);
            HubRefusedException error = assertInstanceOf(HubRefusedException.class, failure.get());
            assertEquals(400, error.status());
            assertEquals(Optional.of("topic"), error.field());
            assertTrue(error.getMessage().contains("topic must start with a letter or digit"), error.getMessage());
            assertTrue(subscription.isClosed());
            assertEquals(Optional.of(error), subscription.failure());
        }
    }

    /** Opens a subscription, waits for its failure and checks it reports itself closed. */
    private static HubException failureOf(HubClient client) {
        AtomicReference<HubException> failure = new AtomicReference<>();
        AtomicReference<Boolean> closedWhenTold = new AtomicReference<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        subscription.set(client.subscribe().onFailure(error -> {
            failure.set(error);
            closedWhenTold.set(subscription.get() == null || subscription.get().isClosed());
        }).open());
        await().atMost(WAIT).until(() -> failure.get() != null);
        assertTrue(closedWhenTold.get(), "the subscription is closed by the time onFailure hears of it");
        assertTrue(subscription.get().isClosed());
        return failure.get();
    }
}
