package io.ssehub.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssehub.event.Json;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /events}: one request per event, answered with the id the hub's log gave it. */
final class Publisher {

    private final WebTarget events;

    /** @param events {@code /events} on a client whose read timeout is the publish timeout */
    Publisher(WebTarget events) {
        this.events = events;
    }

    String publish(String topic, String type, JsonNode data, Optional<Duration> retry) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("topic", topic);
        body.put("type", type);
        body.set("data", data == null ? NullNode.getInstance() : data);
        retry.ifPresent(delay -> body.put("retry", delay.toMillis()));
        String request = "POST " + events.getUri();
        try (Response response = events.request(MediaType.APPLICATION_JSON_TYPE)
                .post(Entity.entity(Json.write(body), MediaType.APPLICATION_JSON_TYPE))) {
            if (response.getStatus() != Response.Status.CREATED.getStatusCode()) {
                throw Refusals.refused(request, response);
            }
            return assignedId(response.readEntity(String.class), request);
        } catch (ProcessingException e) {
            throw new HubUnreachableException(events.getUri(), e);
        }
    }

    private static String assignedId(String answer, String request) {
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
