package io.ssehub.runtime.grizzly;

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

    private static final ThreadLocal<Response> CURRENT = new ThreadLocal<>();

    private ServedResponse() {
    }

    static void serve(Response response, Service service) throws Exception {
        CURRENT.set(response);
        try {
            service.run();
        } finally {
            CURRENT.remove();
        }
    }

    static Optional<Response> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
