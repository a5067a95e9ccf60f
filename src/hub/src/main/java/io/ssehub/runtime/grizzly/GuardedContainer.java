package io.ssehub.runtime.grizzly;

import java.io.IOException;
import java.util.Optional;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * Jersey's Grizzly container behind the checks only the embedded server can make before Jersey reads
 * anything: request framing that could smuggle a second request ({@link RequestFraming}), a declared
 * body over the limit (refused before {@code 100 Continue} invites it, RFC 9110 section 10.1.1), and
 * bodies taken in without holding a worker thread ({@link BodyIntake}); and, for a request that became
 * a stream, reading turned back on so the client's departure is seen when it happens.
 */
final class GuardedContainer extends HttpHandler {

    private final GrizzlyHttpContainer jersey;
    private final int maxBodyBytes;
    private final long bodyTimeoutMillis;

    GuardedContainer(GrizzlyHttpContainer jersey, int maxBodyBytes, long bodyTimeoutMillis) {
        super("ssehub");
        this.jersey = jersey;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** Starts the application with the server (the hub starts with it). */
    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    /** {@code Expect: 100-continue}: a body that would be refused is refused before it is invited. */
    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws IOException {
        Optional<EdgeRefusal> refusal = refusalBeforeBody(request);
        if (refusal.isPresent()) {
            refusal.get().send(response);
            return false;
        }
        return super.sendAcknowledgment(request, response);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        Optional<EdgeRefusal> refusal = refusalBeforeBody(request);
        if (refusal.isPresent()) {
            refusal.get().send(response);
        } else if (carriesBodyJerseyWillRead(request)) {
            BodyIntake.readThen(request, response, maxBodyBytes, bodyTimeoutMillis, this::serveByJersey);
        } else {
            serveByJersey(request, response);
            if (response.isSuspended()) {
                keepReading(request);
            }
        }
    }

    private void serveByJersey(Request request, Response response) throws Exception {
        ServedResponse.serve(response, () -> jersey.service(request, response));
    }

    /**
     * Grizzly turns reading off while a worker handles a request and turns it back on when the request
     * completes; a stream's request does not complete while the stream lasts, so without this a client
     * that leaves (FIN or RST) would be noticed only by the next failing write, a keep-alive later, and
     * its stream's place and memory held until then. This runs on the worker that handles the request,
     * after Jersey has suspended it, and nothing turns reading off again until the stream ends (when
     * GrizzlyOutput stops it before the last chunk, and Grizzly turns it back on once the response is done).
     */
    private static void keepReading(Request request) throws IOException {
        Connection<?> connection = request.getContext().getConnection();
        if (connection.isOpen()) {
            connection.enableIOEvent(IOEvent.READ);
        }
    }

    private Optional<EdgeRefusal> refusalBeforeBody(Request request) {
        Optional<String> framing = RequestFraming.problem(request);
        if (framing.isPresent()) {
            return framing.map(EdgeRefusal::badFraming);
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            return Optional.of(EdgeRefusal.tooLarge(maxBodyBytes));
        }
        return Optional.empty();
    }

    /**
     * A body Jersey would read (with blocking reads): any but GET's and HEAD's, which no resource here
     * reads, and whose streams Jersey must be free to suspend itself.
     */
    private static boolean carriesBodyJerseyWillRead(Request request) {
        Method method = request.getMethod();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getRequest().isChunked();
        return hasBody && method != Method.GET && method != Method.HEAD;
    }
}
