package io.ssehub.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ssehub.refusal.Problem;
import io.ssehub.event.Json;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Turns a refusing response into a {@link HubRefusedException} that carries the hub's problem detail. */
final class Refusals {

    /** A problem body is a few hundred bytes; a server that sends more gets its first 16 KiB read. */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Tolerant on purpose: a newer hub may add members to its problems without breaking older clients. */
    private static final ObjectReader PROBLEM = Json.MAPPER.readerFor(Problem.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Refusals() {
    }

    static HubRefusedException refused(String request, Response response) {
        String reason = response.getStatusInfo().getReasonPhrase();
        return new HubRefusedException(request, response.getStatus(),
                reason == null || reason.isBlank() ? "refused" : reason, problem(response));
    }

    private static Problem problem(Response response) {
        Problem none = new Problem(null, null, response.getStatus(), null, null);
        MediaType type = response.getMediaType();
        // application/problem+json, application/json: anything else (an HTML error page) has no detail to show.
        if (type == null || !type.getSubtype().toLowerCase(Locale.ROOT).endsWith("json") || !response.hasEntity()) {
            return none;
        }
        try (InputStream body = response.readEntity(InputStream.class)) {
            Problem problem = PROBLEM.readValue(body.readNBytes(MAX_BODY_BYTES));
            return problem == null ? none : problem;
        } catch (IOException | ProcessingException | IllegalStateException e) {
            return none;
        }
    }
}
