package io.ssehub.api;

import io.ssehub.core.Hub;
import io.ssehub.jaxrs.HubBroadcaster;
import io.ssehub.security.MetricsAccess;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/**
 * The hub's native HTTP API in an application: its resources, its error mapper and its response headers,
 * each made here, on the hub and broadcaster the application was wired with.
 *
 * <p>Instances, never classes: given a class, Jersey asks a full Jakarta EE server's CDI (GlassFish, Payara,
 * WildFly) to construct it, and CDI cannot supply what only the hub has (WELD-001408). An instance is used
 * as it is, so the same wiring serves every container, embedded or not. (Registered through a feature, as
 * Jersey warns about resource instances registered on the application itself, "does not implement any
 * provider interfaces", though it serves them.)
 */
public final class NativeApi implements Feature {

    private final Hub hub;
    private final HubBroadcaster broadcaster;
    private final MetricsAccess metricsAccess;

    public NativeApi(Hub hub, HubBroadcaster broadcaster, MetricsAccess metricsAccess) {
        this.hub = hub;
        this.broadcaster = broadcaster;
        this.metricsAccess = metricsAccess;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new EventsResource(hub, broadcaster));
        context.register(new HealthResource(hub));
        context.register(new MetricsResource(hub.metrics(), metricsAccess));
        context.register(new PageResource());
        context.register(new ProblemMapper(hub));
        context.register(new SseHeadersFilter());
        return true;
    }
}
