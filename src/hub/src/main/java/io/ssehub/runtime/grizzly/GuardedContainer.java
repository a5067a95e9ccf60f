package io.ssehub.runtime.grizzly;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.Threads;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey's Grizzly container behind the checks only the embedded server can make before Jersey reads
 * anything: request framing that could smuggle a second request ({@link RequestFraming}), a declared
 * body over the limit (refused before {@code 100 Continue} invites it, RFC 9110 section 10.1.1), and
 * bodies taken in without holding a worker thread ({@link BodyIntake}); and, for a request that became
 * a stream, reading turned back on so the client's departure is seen when it happens.
 */
final class GuardedContainer extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedContainer.class);

    /** The one path whose body may be larger than a publish's: {@code publish.batch.max.bytes}. */
    private static final String BATCH_PATH = "/events/batch";

    private final GrizzlyHttpContainer jersey;
    private final DirectPublish direct;
    private final BodyLimit bodyLimit;
    private final BodyLimit batchLimit;
    private final long bodyTimeoutMillis;

    /** See {@link #getRequestExecutorProvider}. */
    private final RequestExecutorProvider executors = new RequestExecutorProvider.WorkerThreadProvider() {
        @Override
        public Executor getExecutor(Request request) {
            boolean inPlace = !request.getResponse().isSuspended() && direct.takesInPlace(request);
            return inPlace ? null : super.getExecutor(request);
        }
    };

    GuardedContainer(GrizzlyHttpContainer jersey, DirectPublish direct, int maxBodyBytes, int maxBatchBytes,
                     long bodyTimeoutMillis) {
        super("ssehub");
        this.jersey = jersey;
        this.direct = direct;
        this.bodyLimit = new BodyLimit(maxBodyBytes, "publish.max.bytes");
        this.batchLimit = new BodyLimit(maxBatchBytes, "publish.batch.max.bytes");
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
        Optional<EdgeRefusal> refusal = refusalBeforeBody(request, limit(request));
        if (refusal.isPresent()) {
            refusal.get().send(response);
            return false;
        }
        return super.sendAcknowledgment(request, response);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        BodyLimit limit = limit(request);
        Optional<EdgeRefusal> refusal = refusalBeforeBody(request, limit);
        if (refusal.isPresent()) {
            refusal.get().send(response);
        } else if (carriesBodyJerseyWillRead(request)) {
            BodyIntake.readThen(request, response, limit.bytes(), limit.setting(), bodyTimeoutMillis, this::serveWithBody);
        } else {
            ServedResponse.serve(response, () -> {
                jersey.service(request, response);
                if (response.isSuspended()) {
                    keepReading(request);
                }
            });
        }
    }

    /** A plain publish is served directly ({@link DirectPublish}); anything else, or what it declines, by Jersey. */
    private void serveWithBody(Request request, Response response) throws Exception {
        // A plain publish's response, suspended by BodyIntake while the body arrived, is resumed once answered.
        if (direct.serve(request, response)) {
            return;
        }
        if (Threads.isService()) {
            // Declined on the selector thread that parsed it: Jersey, whose reads and writes block, runs on a
            // worker, and resumes the response when it commits it (as after BodyIntake).
            HandOff.suspend(request, response);
            request.getContext().getConnection().getTransport().getWorkerThreadPool()
                    .execute(() -> serveByJerseyResumingOnFailure(request, response));
        } else {
            serveByJersey(request, response);
        }
    }

    private void serveByJerseyResumingOnFailure(Request request, Response response) {
        try {
            serveByJersey(request, response);
        } catch (Exception | VirtualMachineError e) {
            LOG.error("a request handed to a worker failed", e);
            if (response.isSuspended()) {
                response.resume();
            }
        }
    }

    /**
     * Where a request is served: a plain publish whose body is whole ({@link DirectPublish#takesInPlace}) on
     * the selector thread that parsed it, which saves handing every publish to a worker and back (on one
     * core, most of what a publish costs beyond parsing and appending it); anything else on a worker, as
     * Grizzly does by default. What is served in place never waits: the body is here, the caller is decided
     * without fetching keys, the append is at most handed to the log's writer, and the answer is written
     * only when the connection takes it at once. Callbacks for a suspended response (a body arriving in
     * parts, a stream's output becoming writable) go to a worker as before.
     */
    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
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

    private static Optional<EdgeRefusal> refusalBeforeBody(Request request, BodyLimit limit) {
        Optional<String> framing = RequestFraming.problem(request);
        if (framing.isPresent()) {
            return framing.map(EdgeRefusal::badFraming);
        }
        if (request.getContentLengthLong() > limit.bytes()) {
            return Optional.of(EdgeRefusal.tooLarge(limit.bytes(), limit.setting()));
        }
        return Optional.empty();
    }

    /** The most a request's body may be, and the setting that says so. */
    private record BodyLimit(int bytes, String setting) {
    }

    private BodyLimit limit(Request request) {
        return RequestPath.is(request, BATCH_PATH) ? batchLimit : bodyLimit;
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
