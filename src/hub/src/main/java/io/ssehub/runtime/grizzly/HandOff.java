package io.ssehub.runtime.grizzly;

import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.Threads;

/** A response that the thread serving it leaves for another thread to answer and resume. */
final class HandOff {

    private HandOff() {
    }

    /**
     * Suspends the response before it is handed to another thread. On a selector thread (a publish served
     * in place, {@link GuardedContainer}) the filter chain's context is suspended first, as Grizzly does
     * before its own hand-off to a worker ({@code HttpHandler.runService}): the selector's chain has not
     * returned yet, and a resume that comes before it has, on a context never suspended, leaves the request
     * unanswered now and then ({@code SelectorHandOffHardeningTest}). Suspending the context also stops
     * reading the connection until the response is resumed, as on a worker.
     */
    static void suspend(Request request, Response response) {
        if (Threads.isService()) {
            request.getContext().suspend();
        }
        if (!response.isSuspended()) {
            response.suspend();
        }
    }
}
