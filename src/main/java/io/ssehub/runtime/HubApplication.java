package io.ssehub.runtime;

import io.ssehub.api.EventsResource;
import io.ssehub.api.HealthResource;
import io.ssehub.api.MetricsResource;
import io.ssehub.api.PageResource;
import io.ssehub.api.ProblemMapper;
import io.ssehub.api.SseHeadersFilter;
import io.ssehub.config.HubConfig;
import io.ssehub.fanout.HubBroadcaster;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.metrics.MetricsAccess;
import io.ssehub.security.AccessFilter;
import io.ssehub.security.CorsFilter;
import io.ssehub.security.TokenInQueryFilter;
import io.ssehub.wire.SseFrameWriter;
import jakarta.ws.rs.sse.SseBroadcaster;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;

/**
 * The JAX-RS application: the one place that wires the hub, used unchanged by the embedded Grizzly
 * runtime and by a servlet container. The hub starts when the container starts the application and
 * stops when it shuts it down (Ctrl-C, SIGTERM or undeploy).
 */
public class HubApplication extends ResourceConfig {

    private final Hub hub;

    /** Settings from system properties and environment variables. */
    public HubApplication() {
        this(HubConfig.fromEnvironment());
    }

    /** A hub that shares its JVM: a fatal error fails the hub, never the process. */
    public HubApplication(HubConfig config) {
        this(config, FatalErrors.failingTheHub());
    }

    /** @param fatalErrors what the runtime does once the hub cannot go on */
    public HubApplication(HubConfig config, FatalErrors fatalErrors) {
        this.hub = new Hub(config, fatalErrors);
        MetricsAccess metricsAccess = new MetricsAccess(config.access());
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(hub).to(Hub.class);
                bind(hub.broadcaster()).to(HubBroadcaster.class).to(SseBroadcaster.class);
                bind(hub.metrics()).to(HubMetrics.class);
                bind(metricsAccess).to(MetricsAccess.class);
            }
        });
        register(EventsResource.class);
        register(HealthResource.class);
        register(MetricsResource.class);
        register(PageResource.class);
        register(ProblemMapper.class);
        register(SseHeadersFilter.class);
        register(new TokenInQueryFilter());
        register(new AccessFilter(config.access()));
        register(new CorsFilter(config.access()));
        register(SseFrameWriter.class);
        // Our mapper answers every refusal; Jackson's own mappers would answer parse errors in plain text.
        register(JacksonFeature.withoutExceptionMappers());
        // Errors are answered by ProblemMapper with a body; the container must not replace it with an HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        register(new AbstractContainerLifecycleListener() {
            @Override
            public void onStartup(Container container) {
                hub.start();
            }

            @Override
            public void onShutdown(Container container) {
                hub.stop();
            }
        });
    }

    public Hub hub() {
        return hub;
    }
}
