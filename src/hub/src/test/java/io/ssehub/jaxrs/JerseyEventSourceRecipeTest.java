package io.ssehub.jaxrs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.payload.Notification;
import io.ssehub.testing.TestHub;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jersey's own {@code SseEventSource} against the hub: alone it ends for good once a reconnect is refused
 * (a hub restart); the README's few lines around it ({@link JerseyEventSourceRecipe}) outlive the restart,
 * resume with the hub's {@code reset}, skip the empty events and read typed JSON.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JerseyEventSourceRecipeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aPlainSseEventSourceEndsForGoodWhenOneReconnectIsRefused() throws Exception {
        TestHub hub = TestHub.start();
        CountDownLatch endedForGood = new CountDownLatch(1);
        Client client = ClientBuilder.newClient();
        try (SseEventSource source = SseEventSource.target(client.target(hub.uri("events")))
                .reconnectingEvery(500, TimeUnit.MILLISECONDS).build()) {
            source.register(event -> { }, failure -> { }, endedForGood::countDown);
            source.open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            hub.close();

            // Its reconnect, after the hub's retry hint, is refused: the source gives up, and would not come
            // back to a hub that restarts later.
            assertTrue(endedForGood.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the source ended for good");
        } finally {
            client.close();
        }
    }

    @Test
    void theReadmesLoopOutlivesARestartResumesWithAResetAndReadsTypedJson() throws Exception {
        TestHub first = TestHub.start();
        int port = first.uri().getPort();
        List<Notification> received = new CopyOnWriteArrayList<>();
        AtomicInteger resets = new AtomicInteger();
        JerseyEventSourceRecipe recipe = new JerseyEventSourceRecipe(first.uri().toString(), received::add,
                resets::incrementAndGet);
        Thread consumer = new Thread(recipe, "test-recipe");
        consumer.setDaemon(true);
        consumer.start();
        try {
            await().atMost(WAIT).until(() -> first.subscribers() == 1);
            first.publish("news", "notification", "{\"message\":\"before\",\"level\":\"info\"}");
            await().atMost(WAIT).until(() -> received.size() == 1);
            first.close();
            // The hub stays down until the loop has outlived a source that ended for good.
            await().atMost(WAIT).until(() -> recipe.sourcesOpened() >= 2);

            try (TestHub second = TestHub.start(Map.of("port", Integer.toString(port)))) {
                await().atMost(WAIT).until(() -> second.subscribers() == 1);
                await().atMost(WAIT).until(() -> resets.get() == 1);
                second.publish("news", "notification", "{\"message\":\"after\",\"level\":\"warn\"}");
                await().atMost(WAIT).until(() -> received.size() == 2);

                assertEquals(List.of(new Notification("before", "info"), new Notification("after", "warn")), received);
                assertEquals(1, resets.get(), "the earlier run's id could not be resumed: one reset");
            }
        } finally {
            recipe.stop();
            consumer.interrupt();
        }
    }
}
