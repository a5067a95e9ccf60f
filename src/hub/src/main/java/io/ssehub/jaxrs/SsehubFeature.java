package io.ssehub.jaxrs;

import io.ssehub.config.HubConfig;
import io.ssehub.core.FatalErrors;
import io.ssehub.core.Hub;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.sse.SseBroadcaster;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;
import org.glassfish.jersey.server.spi.Container;

/**
 * The hub in a Jersey application: binds the hub's {@link HubBroadcaster} as the application's
 * {@link SseBroadcaster} (so a resource's {@code @Inject SseBroadcaster} replaces
 * {@code sse.newBroadcaster()}), writes the hub's frames, and starts the hub with the application and
 * stops it, and its outputs, with it.
 */
public final class SsehubFeature implements Feature {

    private final Hub hub;
    private final SinkOutputs outputs;
    private final HubBroadcaster broadcaster;

    /** @param outputs how the runtime writes a stream; closed after the hub stops */
    public SsehubFeature(Hub hub, SinkOutputs outputs) {
        this.hub = hub;
        this.outputs = outputs;
        this.broadcaster = new LogBroadcaster(hub, outputs);
    }

    /**
     * The one-line switch for any Jersey application: an in-memory hub with these settings, writing its
     * streams through the standard sinks; a fatal error fails the hub, never the process.
     */
    public static SsehubFeature inMemory(HubConfig config) {
        Hub hub = Hub.inMemory(config, FatalErrors.failingTheHub());
        return new SsehubFeature(hub, new BlockingSinkOutputs(hub.threadDeaths()));
    }

    public Hub hub() {
        return hub;
    }

    public HubBroadcaster broadcaster() {
        return broadcaster;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(hub).to(Hub.class);
                bind(hub.config()).to(HubConfig.class);
                bind(broadcaster).to(HubBroadcaster.class).to(SseBroadcaster.class);
            }
        });
        context.register(new ServedRequest());
        context.register(new SseFrameWriter());
        context.register(new AbstractContainerLifecycleListener() {
            @Override
            public void onStartup(Container container) {
                hub.start();
            }

            @Override
            public void onShutdown(Container container) {
                hub.stop();
                outputs.close();
            }
        });
        return true;
    }
}
