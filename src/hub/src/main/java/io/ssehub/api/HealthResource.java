package io.ssehub.api;

import io.ssehub.event.EventId;
import io.ssehub.core.Hub;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /health}: is the hub up (or stopping, or failed and waiting to be restarted), how many
 * streams are open, what is the newest event id, does the event log answer.
 */
@Path("health")
public final class HealthResource {

    private final Hub hub;

    public HealthResource(Hub hub) {
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        boolean up = hub.isRunning();
        boolean logUp = hub.isLogAvailable();
        Health health = new Health(up ? "up" : hub.hasFailed() ? "failed" : "stopping", hub.subscriberCount(),
                hub.lastEventId().map(EventId::text).orElse(null), logUp ? "up" : "down");
        return Response.status(up && logUp ? 200 : 503).entity(health).build();
    }

    /**
     * The health body.
     *
     * @param eventLog {@code down} while the event log does not answer (Redis out of reach): publishes and new
     *                 streams are refused meanwhile, so the whole answer is 503
     */
    public record Health(String status, int subscribers, String lastEventId, String eventLog) {
    }
}
