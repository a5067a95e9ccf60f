package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.http.server.Request;

/** A request's path, as sent, compared with one the hub serves specially. */
final class RequestPath {

    private RequestPath() {
    }

    /**
     * Whether {@code request}'s path, as sent (not decoded), is {@code path}: compared where Grizzly parsed it,
     * as {@code getRequestURI()} would make a string of it on every call, for every request.
     */
    static boolean is(Request request, String path) {
        return request.getRequest().getRequestURIRef().getRequestURIBC().equals(path);
    }
}
