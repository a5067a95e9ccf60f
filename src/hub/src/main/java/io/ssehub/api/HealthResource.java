package io.ssehub.api;

import io.ssehub.event.EventId;
import io.ssehub.core.Hub;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /health}: is the hub up (or stopping, or failed and waiting to be restarted), how many
 * streams are open, what is the newest event id.
 */
@Path("health")
public final class HealthResource {

    private final Hub hub;

    @Inject
    public HealthResource(Hub hub) {
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        boolean up = hub.isRunning();
        Health health = new Health(up ? "up" : hub.hasFailed() ? "failed" : "stopping", hub.subscriberCount(),
                hub.lastEventId().map(EventId::text).orElse(null));
        return Response.status(up ? 200 : 503).entity(health).build();
    }

    /** The health body. */
    public record Health(String status, int subscribers, String lastEventId) {
    }
}
