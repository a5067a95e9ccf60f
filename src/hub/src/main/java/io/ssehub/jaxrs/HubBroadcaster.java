package io.ssehub.jaxrs;

import io.ssehub.core.StreamRequest;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The hub's {@link SseBroadcaster}: the standard contract, every broadcast stored in the hub's log (which
 * gives it its id and its place in one order) and every sink written without blocking the broadcaster, plus
 * one extension for what the standard {@code register(sink)} cannot say.
 */
public interface HubBroadcaster extends SseBroadcaster {

    /**
     * Registers a sink for what {@code request} asks: its topics, where it resumes, when it must end and
     * the address it counts against. The stream gets the greeting (retry hint) first, then what the client
     * missed (or a {@code reset} when that cannot be known), then live events of its topics.
     *
     * @throws io.ssehub.refusal.Refusal when the hub is not running or a stream limit is reached
     */
    void register(SseEventSink sink, StreamRequest request);
}
