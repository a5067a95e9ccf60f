package io.ssehub.runtime.grizzly;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.Connection;

/**
 * The connections that carry no request, so that a stop can close them before it ends the streams.
 *
 * <p>A browser's {@code EventSource} retries a network error but gives up for good on any non-200 answer,
 * and it sends its reconnect over whatever kept-alive connection to the hub it has. Grizzly's graceful stop
 * answers every request that arrives on an open connection with its own 503 page, for as long as the stop
 * waits for open requests (up to {@code shutdown.grace}, longer than the default retry hint). So the stop
 * first closes every idle connection, and from then on closes each connection as its response completes
 * (streams included): during the stop a client sees a refused or closed connection, never a 503.
 */
final class ConnectionDrain {

    /** Connections between two requests (accepted, or kept alive after a response). */
    private final Set<Connection<?>> idle = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** {@code connection} carries no request now: accepted, or kept alive after a response. */
    void idle(Connection<?> connection) {
        idle.add(connection);
        // After the add: a drain that began meanwhile either sees this connection or is seen here.
        if (draining) {
            close(connection);
        }
    }

    /** {@code connection} is reading a request (or closed). */
    void busy(Connection<?> connection) {
        idle.remove(connection);
    }

    /** From now on every connection closes once it is idle; closes the ones that are idle now. Idempotent. */
    void drain() {
        draining = true;
        idle.forEach(this::close);
    }

    boolean isDraining() {
        return draining;
    }

    private void close(Connection<?> connection) {
        idle.remove(connection);
        // Grizzly's close is graceful: what is queued for writing is written first.
        connection.closeSilently();
    }
}
