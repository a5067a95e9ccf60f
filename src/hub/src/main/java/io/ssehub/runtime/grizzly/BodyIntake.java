package io.ssehub.runtime.grizzly;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.TimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a request body without holding a worker thread, then hands the request on. Jersey reads
 * bodies with blocking reads on the server's few worker threads, so a handful of clients that send
 * their body slowly (or never) would hold every worker and freeze the hub. Here the response is
 * suspended and Grizzly collects the body as it arrives; the request goes on only once its body is
 * whole, when Jersey's reads no longer block. A body over the limit is refused as it crosses it; one
 * not whole within the timeout is answered 408. Exactly one of the three happens.
 */
final class BodyIntake implements ReadHandler, TimeoutHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BodyIntake.class);

    /** What runs once the body is whole: Jersey's container, in practice. */
    @FunctionalInterface
    interface Next {
        void service(Request request, Response response) throws Exception;
    }

    private final Request request;
    private final Response response;
    private final int limit;
    private final String limitSetting;
    private final long timeoutMillis;
    private final Next next;
    private final AtomicBoolean decided = new AtomicBoolean();

    private BodyIntake(Request request, Response response, int limit, String limitSetting, long timeoutMillis, Next next) {
        this.request = request;
        this.response = response;
        this.limit = limit;
        this.limitSetting = limitSetting;
        this.timeoutMillis = timeoutMillis;
        this.next = next;
    }

    /**
     * Runs {@code next} at once when the body is already whole (most publishes arrive in one packet with
     * their headers); otherwise suspends the response and collects the body, and {@code next} runs once
     * it is whole. What is already here is decided before suspending because Grizzly would call back on
     * this very thread, and a response resumed before the handler that suspended it has returned leaves
     * Grizzly running a recycled context. No more arrives meanwhile: Grizzly does not read a connection
     * while its worker is in this handler.
     */
    static void readThen(Request request, Response response, int limit, String limitSetting, long timeoutMillis,
                         Next next) throws Exception {
        if (request.getInputBuffer().readyData() > limit) {
            EdgeRefusal.tooLarge(limit, limitSetting).send(response);
            return;
        }
        if (request.getInputBuffer().isFinished()) {
            next.service(request, response);
            return;
        }
        BodyIntake intake = new BodyIntake(request, response, limit, limitSetting, timeoutMillis, next);
        response.suspend(timeoutMillis, TimeUnit.MILLISECONDS, null, intake);
        // Notified early only when more than the limit has arrived; otherwise when the body is complete.
        request.getNIOInputStream().notifyAvailable(intake, limit + 1);
    }

    /** More than the limit has arrived. */
    @Override
    public void onDataAvailable() {
        if (decided.compareAndSet(false, true)) {
            EdgeRefusal.tooLarge(limit, limitSetting).send(response);
            response.resume();
        }
    }

    @Override
    public void onAllDataRead() {
        if (!decided.compareAndSet(false, true)) {
            return;
        }
        // From here the request is Jersey's: it resumes the response when it commits it.
        response.getSuspendContext().setTimeout(-1, TimeUnit.MILLISECONDS);
        try {
            next.service(request, response);
        } catch (Exception e) {
            LOG.error("a request whose body was read failed", e);
            if (response.isSuspended()) {
                response.resume();
            }
        }
    }

    /** The connection failed while the body was arriving: there is nobody left to answer. */
    @Override
    public void onError(Throwable failure) {
        if (decided.compareAndSet(false, true) && response.isSuspended()) {
            response.resume();
        }
    }

    @Override
    public boolean onTimeout(Response timedOut) {
        if (decided.compareAndSet(false, true)) {
            EdgeRefusal.bodyTooSlow(timeoutMillis).send(timedOut);
            timedOut.resume();
        }
        // The response was resumed here (or is Jersey's): Grizzly must not finish it a second time.
        return false;
    }
}
