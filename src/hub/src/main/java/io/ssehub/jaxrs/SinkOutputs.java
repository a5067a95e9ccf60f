package io.ssehub.jaxrs;

import io.ssehub.fanout.StreamOutput;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * How a runtime turns the sink JAX-RS gave a stream's resource method into the output the hub writes to.
 * Supplied once, when the application is wired; called on the thread that runs the resource method.
 */
@FunctionalInterface
public interface SinkOutputs extends AutoCloseable {

    StreamOutput open(SseEventSink sink);

    /** Stops whatever threads the outputs use; after the hub has stopped. */
    @Override
    default void close() {
    }
}
