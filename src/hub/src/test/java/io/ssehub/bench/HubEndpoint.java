package io.ssehub.bench;

import java.net.InetSocketAddress;
import java.net.URI;

/** Where a load generator talks to a hub: its socket address, the Host header to send and its base path. */
record HubEndpoint(InetSocketAddress address, String hostHeader, String base) {

    static HubEndpoint of(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String host = url.getHost() == null ? "127.0.0.1" : url.getHost();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return new HubEndpoint(new InetSocketAddress(host, port), host + ":" + port,
                path.endsWith("/") ? path : path + "/");
    }

    /** {@code relative} under the base path, e.g. {@code path("events")}. */
    String path(String relative) {
        return base + relative;
    }
}
