package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ssehub.event.payload.Notification;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Publishing from Java: the id the hub assigned, or an exception that says why not. */
class PublishTest {

    @Test
    void aRecordIsPublishedUnderItsOwnTypeAndTheAssignedIdIsReturned() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri());
             SseStream stream = SseStream.open(hub.uri("events?topic=news"))) {
            stream.next(WAIT);

            String id = client.publish("news", new Notification("deploy finished", "info"));

            SseStream.Block event = stream.nextEvent(WAIT);
            assertEquals(id, event.id());
            assertEquals("notification", event.type());
            assertEquals("{\"message\":\"deploy finished\",\"level\":\"info\"}", event.data());
            assertEquals(id, hub.embedded().hub().lastEventId().orElseThrow().text());
        }
    }

    @Test
    void aRawPublishCarriesTheGivenTypeJsonAndRetryHint() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri().resolve("events"));
             SseStream stream = SseStream.open(hub.uri("events?topic=ops"))) {
            stream.next(WAIT);

            String id = client.publish("ops", "deploy",
                    JsonNodeFactory.instance.objectNode().put("version", "1.2.3"), Optional.of(Duration.ofMillis(4500)));
            String textId = client.publish("ops", "deploy", "[1, 2, null]");

            SseStream.Block event = stream.nextEvent(WAIT);
            assertEquals(id, event.id());
            assertEquals("deploy", event.type());
            assertEquals("{\"version\":\"1.2.3\"}", event.data());
            assertEquals("4500", event.field("retry"));
            assertEquals("[1,2,null]", stream.nextEvent(WAIT).data());
            assertTrue(!textId.equals(id));
        }
    }

    @Test
    void aBatchIsPublishedInOneRequestAndEachIdReturnedInOrder() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri());
             SseStream stream = SseStream.open(hub.uri("events?topic=news&topic=ops"))) {
            stream.next(WAIT);

            List<String> ids = client.publishAll(List.of(
                    EventToPublish.of("news", new Notification("deploy finished", "info")),
                    new EventToPublish("ops", "deploy", JsonNodeFactory.instance.arrayNode().add(1),
                            Optional.of(Duration.ofMillis(4500)))));

            assertEquals(2, ids.size());
            SseStream.Block first = stream.nextEvent(WAIT);
            SseStream.Block second = stream.nextEvent(WAIT);
            assertEquals(List.of(first.id(), second.id()), ids);
            assertEquals("notification", first.type());
            assertEquals("[1]", second.data());
            assertEquals("4500", second.field("retry"));
        }
    }

    @Test
    void aRefusedBatchNamesTheEventThatBrokeARuleAndPublishesNothing() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri())) {
            HubRefusedException refused = assertThrows(HubRefusedException.class, () -> client.publishAll(List.of(
                    EventToPublish.of("news", "ok", JsonNodeFactory.instance.nullNode()),
                    EventToPublish.of("news", "not a type!", JsonNodeFactory.instance.nullNode()))));

            assertEquals(400, refused.status());
            assertEquals(Optional.of("[1].type"), refused.field());
            assertTrue(hub.embedded().hub().lastEventId().isEmpty());
        }
    }

    @Test
    void aRefusalCarriesTheProblemsStatusDetailAndField() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri())) {
            HubRefusedException refused = assertThrows(HubRefusedException.class,
                    () -> client.publish("news", "not a type!", JsonNodeFactory.instance.nullNode()));

            assertEquals(400, refused.status());
            assertEquals("type must start with a letter and contain only letters, digits and . _ -", refused.detail());
            assertEquals(Optional.of("type"), refused.field());
            assertEquals(Optional.of("urn:ssehub:problem:invalid-field"), refused.problemType());
            assertTrue(refused.getMessage().contains("400") && refused.getMessage().contains(refused.detail()),
                    refused.getMessage());
        }
    }

    @Test
    void aHubThatIsNotThereIsUnreachable() throws IOException {
        URI nothing;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothing = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        try (HubClient client = HubClient.of(nothing)) {
            HubUnreachableException error = assertThrows(HubUnreachableException.class,
                    () -> client.publish("news", new Notification("lost", "info")));
            assertTrue(error.getMessage().contains("Connection refused"), error.getMessage());
        }
    }

    @Test
    void textThatIsNotJsonIsNeverSent() {
        try (TestHub hub = TestHub.start(); HubClient client = HubClient.of(hub.uri())) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> client.publish("news", "notification", "{not json"));

            assertTrue(error.getMessage().startsWith("the data is not JSON"), error.getMessage());
            assertTrue(hub.embedded().hub().lastEventId().isEmpty());
        }
    }

    @Test
    void aClosedClientRefusesToWork() {
        HubClient client = HubClient.of(URI.create("http://127.0.0.1:9/"));
        client.close();

        assertThrows(IllegalStateException.class, () -> client.publish("news", new Notification("late", "info")));
        assertThrows(IllegalStateException.class, client::subscribe);
    }
}
