package io.ssehub.client;

import java.net.URI;

/**
 * A publish could not reach the hub (refused connection, unknown host, timeout). Subscriptions never
 * fail this way: they keep trying until they are closed.
 */
public final class HubUnreachableException extends HubException {

    HubUnreachableException(URI uri, Throwable cause) {
        super("cannot reach the hub at " + uri + ": " + Causes.describe(cause), cause);
    }
}
