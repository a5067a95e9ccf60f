package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssehub.event.payload.Notification;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishing without blocking, and publishing objects that implement nothing of the hub's. */
class AsyncAndObjectPublishTest {

    /** An application's own record: no hub interface, no annotations. */
    record OrderPlaced(long order, String currency, List<String> items) {
    }

    @Test
    void anAsyncPublishCompletesWithTheIdTheHubAssigned() throws Exception {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri());
             SseStream stream = SseStream.open(hub.uri("events?topic=news"))) {
            stream.next(WAIT);

            CompletableFuture<String> id = client.publishAsync("news", new Notification("not waited for", "info"));

            SseStream.Block event = stream.nextEvent(WAIT);
            assertEquals(event.id(), id.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals("notification", event.type());
        }
    }

    @Test
    void anAsyncPublishTheHubRefusesCompletesWithTheRefusal() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri())) {
            CompletableFuture<String> id = client.publishAsync("no spaces allowed", "notification", new OrderPlaced(1, "EUR", List.of()));

            ExecutionException failure = assertThrows(ExecutionException.class, () -> id.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(400, assertInstanceOf(HubRefusedException.class, failure.getCause()).status());
        }
    }

    @Test
    void anyRecordIsPublishedAsJsonUnderTheGivenType() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri());
             SseStream stream = SseStream.open(hub.uri("events?topic=orders"))) {
            stream.next(WAIT);

            String id = client.publish("orders", "order-placed", new OrderPlaced(42, "EUR", List.of("tea", "cups")));

            SseStream.Block event = stream.nextEvent(WAIT);
            assertEquals(id, event.id());
            assertEquals("order-placed", event.type());
            assertEquals("{\"order\":42,\"currency\":\"EUR\",\"items\":[\"tea\",\"cups\"]}", event.data());
        }
    }

    @Test
    void aStringPayloadIsRefusedAsAmbiguous() {
        try (HubClient client = HubClient.of(java.net.URI.create("http://127.0.0.1:9/"))) {
            Object text = "{\"looks\":\"like JSON\"}";
            assertThrows(IllegalArgumentException.class, () -> client.publish("news", "note", text));
        }
    }
}
