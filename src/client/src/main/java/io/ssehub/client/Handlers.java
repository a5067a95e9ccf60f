package io.ssehub.client;

import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a subscription does with each event, by type, and with its terminal failure. Immutable. */
final class Handlers {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final Map<String, Consumer<HubEvent>> byType;
    private final Consumer<HubEvent> any;
    private final Consumer<HubException> failure;

    /**
     * @param byType  handler per event type
     * @param any     handler for every type without its own; {@code null} drops them
     * @param failure told of the terminal failure; {@code null} logs it
     */
    Handlers(Map<String, Consumer<HubEvent>> byType, Consumer<HubEvent> any, Consumer<HubException> failure) {
        this.byType = Map.copyOf(byType);
        this.any = any;
        this.failure = failure;
    }

    /**
     * Runs the event's handler on the calling thread.
     *
     * @throws HandlerFailedException when it throws (decoding failures included)
     */
    void dispatch(HubEvent event) {
        Consumer<HubEvent> handler = byType.getOrDefault(event.type(), any);
        if (handler == null) {
            return;
        }
        try {
            handler.accept(event);
        } catch (RuntimeException e) {
            throw new HandlerFailedException(event, e);
        }
    }

    void fail(HubException error) {
        if (failure == null) {
            LOG.warn("subscription stopped: {}", error.getMessage());
            return;
        }
        try {
            failure.accept(error);
        } catch (RuntimeException e) {
            LOG.error("the onFailure handler threw", e);
        }
    }
}
