package io.ssehub.jaxrs;

import io.ssehub.core.Hub;
import io.ssehub.core.StreamRequest;
import io.ssehub.fanout.StreamTerms;
import io.ssehub.fanout.Subscription;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hub behind the standard {@link SseBroadcaster}, every broadcast through its log: a drop-in for {@code sse.newBroadcaster()} in any
 * Jersey application. Every broadcast goes through the hub's event log, which gives it its id and its place
 * in one order however many threads broadcast; every registered sink is written without blocking the
 * broadcaster, with a bounded queue of its own, so a slow or vanished client never delays the others or
 * fails a broadcast (unlike Jersey 3.1's own broadcaster, jersey#4551); and a sink registered by a client
 * that sends {@code Last-Event-ID} first receives what it missed.
 *
 * <p>The name says where events go: into the hub's log, and out to the sinks from there.
 */
final class LogBroadcaster implements HubBroadcaster {

    private final Hub hub;
    private final SinkOutputs outputs;
    private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorListeners = new CopyOnWriteArrayList<>();

    /** @param outputs how the runtime writes a registered sink */
    LogBroadcaster(Hub hub, SinkOutputs outputs) {
        this.hub = hub;
        this.outputs = outputs;
    }

    /**
     * Registers a sink for every topic: live from now, or, when the request it serves sends
     * {@code Last-Event-ID} (or {@code lastEventId}), after that event.
     *
     * @throws io.ssehub.refusal.Refusal when the hub is not running, the id is malformed or a stream limit is reached
     */
    @Override
    public void register(SseEventSink sink) {
        register(sink, new StreamRequest(new Subscription(java.util.Set.of(), ServedRequest.lastEventId()),
                Optional.empty(), ServedRequest.clientAddress(), StreamTerms.StreamEnd.IGNORED));
    }

    /**
     * The listeners are told of a stream's end with its sink, and a sink holds its request's whole state
     * (Jersey's request scope and context, the server's request) for as long as anything holds it; a
     * stream whose runtime let its request go would keep it all for its life just for them. So a stream
     * keeps its sink for the listeners registered by the time it is registered, and none when there are none.
     */
    @Override
    public void register(SseEventSink sink, StreamRequest request) {
        if (closeListeners.isEmpty() && errorListeners.isEmpty()) {
            hub.subscribe(request, () -> outputs.open(sink));
            return;
        }
        StreamTerms.StreamEnd toListeners = (failure, outputClosed) -> {
            if (!outputClosed) {
                // Left open for its owner by close(false): the sink has not closed.
                return;
            }
            if (failure != null) {
                errorListeners.forEach(listener -> listener.accept(sink, failure));
            }
            closeListeners.forEach(listener -> listener.accept(sink));
        };
        hub.subscribe(request.onEnded(toListeners.andThen(request.onEnded())), () -> outputs.open(sink));
    }

    /**
     * Publishes a standard event through the log. Its name is both its topic and its type
     * ({@value OutboundEvents#DEFAULT_NAME} when unnamed); data that is not text is serialised to JSON. The
     * stage completes with the {@link io.ssehub.event.Event} the log stored, id included, or fails with the
     * refusal (an invalid event, a hub that is not running).
     */
    @Override
    public CompletionStage<?> broadcast(OutboundSseEvent event) {
        try {
            return CompletableFuture.completedFuture(hub.publish(OutboundEvents.draft(event)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code onError} hears of the streams registered after it (see {@link #register(SseEventSink, StreamRequest)}). */
    @Override
    public void onError(BiConsumer<SseEventSink, Throwable> onError) {
        errorListeners.add(onError);
    }

    /** {@code onClose} hears of the streams registered after it (see {@link #register(SseEventSink, StreamRequest)}). */
    @Override
    public void onClose(Consumer<SseEventSink> onClose) {
        closeListeners.add(onClose);
    }

    /** Stops the hub: every stream is told when to come back and closed. */
    @Override
    public void close() {
        hub.stop(true);
    }

    /** Stops the hub; with {@code cascading} false, the sinks are left open for their owners. */
    @Override
    public void close(boolean cascading) {
        hub.stop(cascading);
    }
}
