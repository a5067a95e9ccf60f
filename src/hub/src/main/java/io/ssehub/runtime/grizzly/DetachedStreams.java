package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;

/**
 * The connections whose stream has been detached from its request: once a stream's head and first chunk
 * are out, its request is completed as far as Grizzly and Jersey are concerned (their per-request state
 * recycled and let go), while the connection goes on carrying the stream's chunks, written straight to it
 * by {@link GrizzlyOutput}. An idle stream then keeps its connection and the hub's own state, not a
 * request's buffers, headers and scope (see {@link HubHttpCodec} for what the codec does differently on
 * such a connection: the response's end is not written, and the connection is not kept alive as idle).
 */
final class DetachedStreams {

    private static final Attribute<Boolean> DETACHED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(DetachedStreams.class.getName() + ".detached");

    private DetachedStreams() {
    }

    /** From now on the stream on {@code connection} outlives its request. */
    static void detach(Connection<?> connection) {
        DETACHED.set(connection, Boolean.TRUE);
    }

    static boolean isDetached(Connection<?> connection) {
        return Boolean.TRUE.equals(DETACHED.get(connection));
    }
}
