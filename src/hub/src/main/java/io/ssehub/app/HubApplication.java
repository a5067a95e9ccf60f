package io.ssehub.app;

import io.ssehub.api.NativeApi;
import io.ssehub.config.EventLogKind;
import io.ssehub.config.HubConfig;
import io.ssehub.core.FatalErrors;
import io.ssehub.core.Hub;
import io.ssehub.eventlog.redis.RedisEventLog;
import io.ssehub.jaxrs.BlockingSinkOutputs;
import io.ssehub.jaxrs.SinkOutputs;
import io.ssehub.jaxrs.SsehubFeature;
import io.ssehub.jaxrs.TickScheduler;
import io.ssehub.mercure.MercureProtocol;
import io.ssehub.security.AccessFilter;
import io.ssehub.security.CorsFilter;
import io.ssehub.security.ForwardedClientFilter;
import io.ssehub.security.MetricsAccess;
import io.ssehub.security.TokenInQueryFilter;
import io.ssehub.security.TokenVerifier;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS application, and the one place the hub is put together: its log, its core, the runtime's
 * outputs, the native API and access control. Used unchanged by the embedded Grizzly runtime and by a
 * servlet container, each of which supplies its outputs here, once. The hub starts when the container starts
 * the application and stops when it shuts it down (Ctrl-C, SIGTERM or undeploy).
 */
public class HubApplication extends ResourceConfig {

    private final Hub hub;
    private final AccessFilter accessFilter;

    /**
     * The hub in any JAX-RS container, its streams written through the standard sinks: a fatal error fails
     * the hub, never the process.
     */
    public HubApplication(HubConfig config) {
        this(config, FatalErrors.failingTheHub(), hub -> new BlockingSinkOutputs(hub.threadDeaths()));
    }

    /**
     * @param fatalErrors what the runtime does once the hub cannot go on
     * @param outputs     how the runtime writes streams, made for the hub (whose failure its threads report)
     */
    public HubApplication(HubConfig config, FatalErrors fatalErrors, Function<Hub, SinkOutputs> outputs) {
        // The event log is chosen here, once: in memory, or on Redis.
        this.hub = config.eventLog().kind() == EventLogKind.REDIS
                ? new Hub(config, RedisEventLog.connect(config.eventLog(), config.logCapacity(), Clock.systemUTC()),
                        Clock.systemUTC(), fatalErrors)
                : Hub.inMemory(config, fatalErrors);
        SsehubFeature ssehub = new SsehubFeature(hub, outputs.apply(hub));
        register(ssehub);
        if (config.mercure().enabled()) {
            register(new MercureProtocol(hub, ssehub.broadcaster()));
        }
        Optional<TokenVerifier> verifier = TokenVerifier.forAccess(config.access());
        MetricsAccess metricsAccess = new MetricsAccess(verifier);
        // Every part is registered as an instance the application made itself, never as a class: given a
        // class, Jersey asks a full Jakarta EE server's CDI (GlassFish, Payara, WildFly) to construct it, and
        // CDI cannot supply what only the hub has (WELD-001408). One wiring for every container.
        register(new TickScheduler(ssehub.broadcaster(), hub));
        register(new NativeApi(hub, ssehub.broadcaster(), metricsAccess));
        register(new ForwardedClientFilter(config.limits().trustedProxies()));
        register(new TokenInQueryFilter());
        this.accessFilter = new AccessFilter(config.access(), verifier);
        register(accessFilter);
        register(new CorsFilter(config.access()));
        // Our mapper answers every refusal; Jackson's own mappers would answer parse errors in plain text.
        register(JacksonFeature.withoutExceptionMappers());
        // Errors are answered by ProblemMapper with a body; the container must not replace it with an HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // The hub reads and writes no images. Without this, a runtime without java.desktop (the container
        // image's) has Jersey warn at every start that its image provider is not available.
        property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "RENDEREDIMAGE");
    }

    public Hub hub() {
        return hub;
    }

    /** Who calls: for a runtime that serves a request without Jersey, the same access control as through it. */
    public AccessFilter accessFilter() {
        return accessFilter;
    }
}
