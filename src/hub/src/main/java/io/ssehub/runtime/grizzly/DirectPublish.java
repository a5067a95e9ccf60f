package io.ssehub.runtime.grizzly;

import io.ssehub.api.NativePublish;
import io.ssehub.core.Hub;
import io.ssehub.event.Json;
import io.ssehub.refusal.Problem;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import io.ssehub.security.AccessFilter;
import io.ssehub.security.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.threadpool.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain publish served without Jersey: through Jersey's request scope, routing, filters and response
 * writing a publish cost several times what parsing, checking and appending it does (bench/RESULTS.md,
 * "Publish rate"). Only the plainest requests are taken: {@code POST /events} with no query string, a JSON
 * body, no {@code Accept} other than JSON, no {@code Origin}, no cookie and no forwarded headers, so that no
 * CORS header, cookie rule, token-in-query rule, content negotiation or proxy address could apply; every
 * other request goes to Jersey as before.
 *
 * <p>What is checked is what Jersey's path checks, through the same code: the caller ({@link AccessFilter}),
 * the body, the field rules and the grant ({@link NativePublish#check}). Any refusal there changes nothing,
 * so the request is handed to Jersey untouched (its body replayed), and Jersey answers it exactly as it
 * would have: one place words every such refusal. From {@link NativePublish#publish} on (the rate, the log)
 * a refusal is answered here, as {@code ProblemMapper} answers it, since the publish may have happened.
 */
final class DirectPublish {

    private static final Logger LOG = LoggerFactory.getLogger(DirectPublish.class);
    private static final String PATH = "/events";
    private static final String JSON = "application/json";
    /**
     * Whether the request is plain, once asked (it is asked where a request is served and again to serve it):
     * an attribute of the request's packet, which Grizzly clears when it reuses the packet for another request
     * (its notes it does not), held by index rather than in the packet's map of named attributes, whose put
     * was 2 % of a publish's JFR samples.
     */
    private static final Attribute<Boolean> PLAIN =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(DirectPublish.class.getName() + ".plain");

    private final Hub hub;
    private final NativePublish publishing;
    private final AccessFilter access;

    DirectPublish(Hub hub, AccessFilter access) {
        this.hub = hub;
        this.publishing = new NativePublish(hub);
        this.access = access;
    }

    /**
     * Whether the request can be served on the thread that parsed it, one that must never wait: a plain
     * publish whose body is here, from a caller decided without fetching keys.
     */
    boolean takesInPlace(Request request) {
        return access.decidesWithoutWaiting() && plain(request) && request.getInputBuffer().isFinished();
    }

    /**
     * Serves the request when it is a plain publish whose body is whole; otherwise leaves it as it was. A
     * served response is answered, now or once the log has confirmed the append, and resumed if it was
     * suspended.
     *
     * @return whether it was served
     */
    boolean serve(Request request, Response response) throws IOException {
        if (!plain(request)) {
            return false;
        }
        if (!request.getInputBuffer().isFinished()) {
            return false;
        }
        // Read at its declared length when it has one: readAllBytes would go through 8 KiB chunks for every publish.
        int length = request.getContentLength();
        byte[] body = length >= 0 ? request.getInputStream().readNBytes(length) : request.getInputStream().readAllBytes();
        try {
            NativePublish.Checked checked;
            try {
                if (body.length > hub.config().maxDataBytes()) {
                    throw Refusal.payloadTooLarge(hub.config().maxDataBytes());
                }
                Caller caller = access.byHeader(request.getHeader(Header.Authorization), request.getRemoteAddr());
                checked = publishing.check(body, caller);
            } catch (RuntimeException refused) {
                // Jersey answers it, as it answers every refusal; the body is given back for it to read.
                request.replayPayload(Buffers.wrap(request.getContext().getMemoryManager(), body));
                return false;
            }
            CompletableFuture<byte[]> published;
            try {
                published = publishing.publishAsync(checked);
            } catch (RuntimeException | VirtualMachineError failure) {
                // A refusal from the rate or the log (or worse), answered as any other outcome.
                published = CompletableFuture.failedFuture(failure);
            }
            answerOnceDecided(request, response, published);
        } catch (RuntimeException | VirtualMachineError failure) {
            answerFailed(response, failure);
            resumeIfSuspended(response);
        }
        return true;
    }

    /**
     * Answers now when the append is decided and the answer can be written here; otherwise suspends the
     * response and answers once it is decided. A selector thread (where {@link GuardedContainer} serves a
     * plain publish) must never wait for a client to read: it writes only when the connection takes the
     * write at once ({@code canWrite} makes the next write and the close after it non-blocking), and hands
     * the answer to a worker otherwise.
     */
    private void answerOnceDecided(Request request, Response response, CompletableFuture<byte[]> published)
            throws IOException {
        if (published.isDone() && (!Threads.isService() || response.getOutputBuffer().canWrite())) {
            answerPublished(response, published);
            resumeIfSuspended(response);
            return;
        }
        // The worker or selector goes on to other requests while the log confirms the append (a round trip
        // to Redis): a few threads then keep many publishes in flight, which the log sends together.
        HandOff.suspend(request, response);
        Executor workers = workers(request);
        published.whenComplete((answer, failure) -> {
            // A connection that takes the answer at once is answered on the deciding thread (the log's
            // writer): no hand-off to a worker per publish. One whose client does not read its answers
            // is answered on a worker, which may wait for it; the deciding thread never does.
            if (response.getOutputBuffer().canWrite()) {
                answerLater(response, published);
            } else {
                workers.execute(() -> answerLater(response, published));
            }
        });
    }

    /** Answers a publish whose append is decided, then resumes its response. */
    private void answerLater(Response response, CompletableFuture<byte[]> published) {
        try {
            answerPublished(response, published);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer a publish: the connection failed", e);
        } finally {
            response.resume();
        }
    }

    private void answerPublished(Response response, CompletableFuture<byte[]> published) throws IOException {
        byte[] body;
        try {
            body = published.join();
        } catch (CompletionException e) {
            answerFailed(response, e.getCause());
            return;
        }
        answer(response, 201, JSON, body);
    }

    private void answerFailed(Response response, Throwable failure) throws IOException {
        if (failure instanceof Refusal refusal) {
            refuse(response, refusal);
        } else if (failure instanceof VirtualMachineError fatal) {
            // As ProblemMapper: a hub that ran out of memory or stack must not look alive (FatalErrors).
            hub.failed("a request failed", fatal);
            refuse(response, Refusal.failed("the hub failed and must be restarted"));
        } else if (failure instanceof RuntimeException || failure instanceof Error) {
            LOG.error("unexpected failure while handling a request", failure);
            answer(response, Problem.of(ProblemKind.INTERNAL, "the hub could not handle this request"));
        } else if (failure instanceof IOException io) {
            throw io;
        } else {
            throw new IllegalStateException(failure);
        }
    }

    /** A response whose body came in parts was suspended while it arrived ({@link BodyIntake}). */
    private static void resumeIfSuspended(Response response) {
        if (response.isSuspended()) {
            response.resume();
        }
    }

    /** The server's workers, where an answer is written once its append is decided; else the deciding thread. */
    private static Executor workers(Request request) {
        Executor workers = request.getContext().getConnection().getTransport().getWorkerThreadPool();
        return workers != null ? workers : Runnable::run;
    }

    /** A request that none of the rules Jersey's filters and negotiation add could concern. */
    private static boolean plain(Request request) {
        Boolean known = PLAIN.get(request.getRequest());
        if (known != null) {
            return known;
        }
        boolean plain = plainByItsHeaders(request);
        PLAIN.set(request.getRequest(), plain);
        return plain;
    }

    private static boolean plainByItsHeaders(Request request) {
        return request.getMethod() == Method.POST
                && RequestPath.is(request, PATH)
                && request.getQueryString() == null
                && JsonMediaType.names(request.getRequest().getHeaders().getValue(Header.ContentType))
                && acceptsJson(request.getHeader(Header.Accept))
                && request.getHeader("Origin") == null
                && request.getHeader(Header.Cookie) == null
                && request.getHeader("Forwarded") == null
                && request.getHeader("X-Forwarded-For") == null;
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        String wanted = accept.trim().toLowerCase(Locale.ROOT);
        return wanted.equals("*/*") || wanted.equals(JSON);
    }

    private void refuse(Response response, Refusal refusal) throws IOException {
        refusal.kind().challenge().ifPresent(challenge -> response.setHeader(Header.WWWAuthenticate, challenge));
        refusal.retryAfterSeconds().ifPresent(seconds -> response.setHeader(Header.RetryAfter, Long.toString(seconds)));
        answer(response, Problem.of(refusal));
    }

    private static void answer(Response response, Problem problem) throws IOException {
        answer(response, problem.status(), Problem.MEDIA_TYPE, Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }

    /** As Jersey's path answers: the CORS filter's {@code Vary: Origin} on every answer, the body with its length. */
    private static void answer(Response response, int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setHeader(Header.Vary, "Origin");
        response.setContentLength(body.length);
        // A buffer the size of the answer (Grizzly's least is 512 bytes) instead of its default 8 KiB for each one.
        response.setBufferSize(body.length);
        response.getOutputStream().write(body);
    }
}
