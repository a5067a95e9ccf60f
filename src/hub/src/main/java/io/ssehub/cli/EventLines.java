package io.ssehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ssehub.client.HubEvent;
import io.ssehub.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How tail prints an event: one line each, for people or as JSON. */
final class EventLines {

    private EventLines() {
    }

    /** {@code <received at, UTC>  <type>  <id or ->  <data>}; line breaks in the data are shown as {@code \n}. */
    static String human(HubEvent event, Instant receivedAt) {
        return receivedAt.truncatedTo(ChronoUnit.MILLIS) + "  " + event.type() + "  " + event.id().orElse("-") + "  "
                + event.data().replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** {@code {"id":…,"type":…,"data":…}}: the data as JSON when it is JSON (the hub's always is), else as a string. */
    static String json(HubEvent event) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("id", event.id().orElse(null));
        line.put("type", event.type());
        line.set("data", dataOf(event.data()));
        return Json.write(line);
    }

    private static JsonNode dataOf(String data) {
        try {
            JsonNode json = Json.read(data.getBytes(StandardCharsets.UTF_8));
            if (json != null && !json.isMissingNode()) {
                return json;
            }
        } catch (IOException e) {
            // not JSON: shown as the text it is
        }
        return TextNode.valueOf(data);
    }
}
