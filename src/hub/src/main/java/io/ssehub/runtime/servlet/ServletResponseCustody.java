package io.ssehub.runtime.servlet;

import io.ssehub.jaxrs.ResponseCustody;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A stream's response in a servlet container (see {@link ResponseCustody}): the container's until the
 * request's dispatch has returned to {@link ServletClientAddressFilter}; then the hub's until the async
 * context ends, however it ends. The container announces the end to this listener on its own thread
 * before it recycles the response, and the announcement waits for a use under way, so no use of the hub's
 * can overlap the recycling or follow it.
 *
 * <p>The custody of the request a container thread is serving is {@link #current()} while the request's
 * dispatch runs, so the resource method that registers a stream's sink finds its response ({@link ServletOutputs}).
 */
final class ServletResponseCustody implements ResponseCustody, AsyncListener {

    private static final ThreadLocal<ServletResponseCustody> CURRENT = new ThreadLocal<>();

    private final ServletResponse response;

    private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
    /** Held for every use and to take the response back; reentrant, as a use may end the response itself. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean takenBack;
    /** Guarded by {@link #lock}. */
    private Runnable onTakenBack = () -> { };
    /** The stream's output, set during the dispatch by the output made for it, if any. */
    private volatile ServletOutput streamOutput;

    ServletResponseCustody(ServletResponse response) {
        this.response = response;
    }

    /** Runs the request's dispatch with this custody {@link #current()} on the calling thread. */
    void serve(Dispatch dispatch) throws IOException, ServletException {
        CURRENT.set(this);
        try {
            dispatch.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** A request's dispatch: the rest of the filter chain. */
    @FunctionalInterface
    interface Dispatch {
        void run() throws IOException, ServletException;
    }

    /** The custody of the request whose dispatch runs on this thread, if any. */
    static Optional<ServletResponseCustody> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Asks for the response to be written without blocking by {@code output}, from when the dispatch returns. */
    void writeWith(ServletOutput output) {
        streamOutput = output;
    }

    /**
     * Opens the stream's non-blocking output, if a stream's output asked for it, on the container's thread as
     * the dispatch that started async returns ({@link ServletOutput#openOnContainerThread}).
     */
    void openNonBlockingOutput() {
        ServletOutput output = streamOutput;
        if (output != null) {
            output.openOnContainerThread();
        }
    }

    /** The response's output stream; use it only within {@link #use}. */
    ServletOutputStream outputStream() throws IOException {
        return response.getOutputStream();
    }

    /** Whether the response's head has been written; use it only within {@link #use}. */
    boolean committed() {
        return response.isCommitted();
    }

    @Override
    public void whenHandedOver(Runnable firstUse) {
        // Runs on the caller when the dispatch is over already, else on the request thread as it returns.
        handedOver.thenRun(firstUse);
    }

    @Override
    public boolean use(BooleanSupplier access) {
        lock.lock();
        try {
            return !takenBack && access.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onTakenBack(Runnable callback) {
        lock.lock();
        try {
            if (!takenBack) {
                onTakenBack = callback;
                return;
            }
        } finally {
            lock.unlock();
        }
        callback.run();
    }

    /** The request's dispatch has returned: the response is the hub's. */
    void handOver() {
        handedOver.complete(null);
    }

    /** The container ended the response, or will: no use may follow. */
    void takeBack() {
        Runnable callback;
        lock.lock();
        try {
            if (takenBack) {
                return;
            }
            takenBack = true;
            callback = onTakenBack;
        } finally {
            lock.unlock();
        }
        callback.run();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        takeBack();
    }

    @Override
    public void onError(AsyncEvent event) {
        takeBack();
    }

    /**
     * The one end of the container's that still lets the response be written: the stream's output has its
     * last word first, while the use of the response is still the container's call's.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        ServletOutput output = streamOutput;
        if (output != null) {
            output.endOnContainerTimeout();
        }
        takeBack();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted: the hub never dispatches a stream again.
    }
}
