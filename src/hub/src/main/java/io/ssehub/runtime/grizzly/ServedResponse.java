package io.ssehub.runtime.grizzly;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Response;

/**
 * The Grizzly response whose request Jersey is serving on this thread. Jersey's Grizzly container runs the
 * application, resource method included, on the thread that calls its {@code service}, and
 * {@link GuardedContainer} is the only caller: so while a resource method registers a stream's sink, the
 * response of that stream is the one set here ({@link GrizzlyOutputs} writes its connection).
 */
final class ServedResponse {

    /** Jersey's {@code service}, which may throw whatever a Grizzly handler may. */
    interface Service {
        void run() throws Exception;
    }

    private static final ThreadLocal<Served> CURRENT = new ThreadLocal<>();

    /** A response being served, and what waits for its service to return. */
    private static final class Served {
        final Response response;
        final List<Runnable> afterService = new ArrayList<>(1);

        Served(Response response) {
            this.response = response;
        }
    }

    private ServedResponse() {
    }

    /** Runs {@code service}, then what {@link #afterService} registered meanwhile (also when it fails). */
    static void serve(Response response, Service service) throws Exception {
        Served served = new Served(response);
        CURRENT.set(served);
        try {
            service.run();
        } finally {
            CURRENT.remove();
            served.afterService.forEach(Runnable::run);
        }
    }

    static Optional<Response> current() {
        return Optional.ofNullable(CURRENT.get()).map(served -> served.response);
    }

    /**
     * {@code action} runs once the service of the response being served on this thread has returned (then
     * nothing on that thread touches the request any more); at once when none is.
     */
    static void afterService(Runnable action) {
        Served served = CURRENT.get();
        if (served == null) {
            action.run();
        } else {
            served.afterService.add(action);
        }
    }
}
