package io.ssehub.mercure;

import io.ssehub.config.HubConfig;
import io.ssehub.core.Hub;
import io.ssehub.jaxrs.HubBroadcaster;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mercure protocol in the hub's application: its endpoint and its response header, on the hub and the
 * broadcaster the native API uses, with its own keys.
 */
public final class MercureProtocol implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(MercureProtocol.class);

    private final Hub hub;
    private final HubBroadcaster broadcaster;

    public MercureProtocol(Hub hub, HubBroadcaster broadcaster) {
        this.hub = hub;
        this.broadcaster = broadcaster;
    }

    @Override
    public boolean configure(FeatureContext context) {
        HubConfig config = hub.config();
        MercureAccess access = new MercureAccess(config.mercure(), config.access());
        Optional<ActiveSubscriptions> active = config.mercure().subscriptions()
                ? Optional.of(new ActiveSubscriptions(hub)) : Optional.empty();
        context.register(new MercureResource(hub, broadcaster, access, active));
        active.ifPresent(subscriptions -> context.register(new SubscriptionsResource(hub, access, subscriptions)));
        context.register(new LastEventIdHeader());
        LOG.info("Mercure protocol at /.well-known/mercure; access control: {}", access.describe(config.mercure()));
        return true;
    }
}
