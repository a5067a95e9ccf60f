package io.ssehub.api;

import io.ssehub.metrics.HubMetrics;
import io.ssehub.security.MetricsAccess;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /metrics}: the hub's and the JVM's meters in the Prometheus text format, for operators. */
@Path("metrics")
public final class MetricsResource {

    private final HubMetrics metrics;
    private final MetricsAccess access;

    public MetricsResource(HubMetrics metrics, MetricsAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response scrape(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        access.require(authorization);
        // The exact type, version parameter included, tells Prometheus which text format this is.
        return Response.ok(metrics.scrape(), HubMetrics.CONTENT_TYPE).build();
    }
}
