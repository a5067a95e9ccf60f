package io.ssehub.jaxrs;

import jakarta.ws.rs.sse.SseEventSink;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Who may use a stream's response, and when: the container or the hub's writers, never both. A servlet
 * container's response is not thread-safe and is recycled for other requests once the container has
 * ended it. Jersey writes a stream's status and headers on the request thread as the container's dispatch
 * unwinds, after the resource method returned; and the container ends the response of a client that left
 * by itself (Tomcat 10.1 does, on the first failed write), then gives the same objects to the next request
 * on any connection. A writer that touches the response in either window writes into someone else's
 * response or closes it (eclipse-ee4j/jersey#3719): on Tomcat 10.1 that left new streams silent after
 * their greeting and closed other requests with no response.
 *
 * <p>A runtime whose container has those hazards puts its custody in the request property
 * {@link #PROPERTY}; elsewhere the hub holds the response as soon as the resource method returns
 * ({@link #HUB}).
 */
public interface ResponseCustody {

    /** The request property (a servlet request attribute) a runtime puts a stream's custody in. */
    String PROPERTY = "io.ssehub.response.custody";

    /** For runtimes where nothing but the hub writes a stream once its resource method has returned. */
    ResponseCustody HUB = new ResponseCustody() {
        @Override
        public void whenHandedOver(Runnable firstUse) {
            firstUse.run();
        }

        @Override
        public boolean use(BooleanSupplier access) {
            return access.getAsBoolean();
        }

        @Override
        public void onTakenBack(Runnable callback) {
        }
    };

    /** Runs {@code firstUse} once the container has handed the response over: at once if it has. */
    void whenHandedOver(Runnable firstUse);

    /**
     * Runs {@code access} to the response unless the container has taken the response back, and keeps the
     * container from taking it back meanwhile.
     *
     * @return what {@code access} answered, or false when it did not run
     */
    boolean use(BooleanSupplier access);

    /** Told once if the container ends the response itself (the client left, the server stops). */
    void onTakenBack(Runnable callback);

    /**
     * Ends the response through Jersey (sink and async context), unless the container has taken it back; a
     * close that fails finds the client gone, which is how streams end, so it is only logged at debug.
     */
    default void closeSink(SseEventSink sink) {
        use(() -> {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(ResponseCustody.class).debug("closing a stream failed", e);
            }
            return true;
        });
    }
}
