package io.ssehub.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssehub.event.Json;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /events}: one request per event, answered with the id the hub's log gave it; and
 * {@code POST /events/batch}: several events in one request, answered with their ids in order.
 */
final class Publisher {

    private final WebTarget events;

    /** @param events {@code /events} on a client whose read timeout is the publish timeout */
    Publisher(WebTarget events) {
        this.events = events;
    }

    String publish(String topic, String type, JsonNode data, Optional<Duration> retry) {
        Entity<String> body = body(topic, type, data, retry);
        try (Response response = request().post(body)) {
            return assignedId(response);
        } catch (ProcessingException e) {
            throw new HubUnreachableException(events.getUri(), e);
        }
    }

    /**
     * As {@link #publish}, on Jersey's client executor: the future completes with the id, or exceptionally
     * with the same {@link HubException}s {@link #publish} throws.
     */
    CompletableFuture<String> publishAsync(String topic, String type, JsonNode data, Optional<Duration> retry) {
        Entity<String> body = body(topic, type, data, retry);
        return request().rx().post(body).toCompletableFuture().handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw cause instanceof ProcessingException ? new HubUnreachableException(events.getUri(), cause)
                        : new CompletionException(cause);
            }
            try (response) {
                return assignedId(response);
            } catch (ProcessingException e) {
                throw new HubUnreachableException(events.getUri(), e);
            }
        });
    }

    /** Publishes a batch, all or none; returns the ids in the batch's order. */
    List<String> publishAll(List<EventToPublish> batch) {
        ArrayNode body = Json.MAPPER.createArrayNode();
        batch.forEach(event -> body.add(object(event.topic(), event.type(), event.data(), event.retry())));
        WebTarget target = events.path("batch");
        try (Response response = target.request(MediaType.APPLICATION_JSON_TYPE)
                .post(Entity.entity(Json.write(body), MediaType.APPLICATION_JSON_TYPE))) {
            return assignedIds(target, response, batch.size());
        } catch (ProcessingException e) {
            throw new HubUnreachableException(target.getUri(), e);
        }
    }

    private static List<String> assignedIds(WebTarget target, Response response, int expected) {
        String request = "POST " + target.getUri();
        if (response.getStatus() != Response.Status.CREATED.getStatusCode()) {
            throw Refusals.refused(request, response);
        }
        String answer = response.readEntity(String.class);
        List<String> ids = new ArrayList<>(expected);
        try {
            JsonNode json = Json.read(answer.getBytes(StandardCharsets.UTF_8));
            for (JsonNode event : json == null ? Json.MAPPER.createArrayNode() : json.path("events")) {
                JsonNode id = event.path("id");
                if (id.isTextual() && !id.textValue().isEmpty()) {
                    ids.add(id.textValue());
                }
            }
        } catch (IOException e) {
            // falls through: the answer is not the hub's
        }
        if (ids.size() != expected) {
            throw new IllegalStateException(request + " was accepted, but the answer does not name an id for each of the "
                    + expected + " events: " + answer);
        }
        return List.copyOf(ids);
    }

    private Invocation.Builder request() {
        return events.request(MediaType.APPLICATION_JSON_TYPE);
    }

    private static Entity<String> body(String topic, String type, JsonNode data, Optional<Duration> retry) {
        return Entity.entity(Json.write(object(topic, type, data, retry)), MediaType.APPLICATION_JSON_TYPE);
    }

    private static ObjectNode object(String topic, String type, JsonNode data, Optional<Duration> retry) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("topic", topic);
        body.put("type", type);
        body.set("data", data == null ? NullNode.getInstance() : data);
        retry.ifPresent(delay -> body.put("retry", delay.toMillis()));
        return body;
    }

    private String assignedId(Response response) {
        String request = "POST " + events.getUri();
        if (response.getStatus() != Response.Status.CREATED.getStatusCode()) {
            throw Refusals.refused(request, response);
        }
        String answer = response.readEntity(String.class);
        try {
            JsonNode json = Json.read(answer.getBytes(StandardCharsets.UTF_8));
            JsonNode id = json == null ? null : json.path("id");
            if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
                return id.textValue();
            }
        } catch (IOException e) {
            // falls through: the answer is not the hub's
        }
        throw new IllegalStateException(request + " was accepted, but the answer names no id: " + answer);
    }
}
