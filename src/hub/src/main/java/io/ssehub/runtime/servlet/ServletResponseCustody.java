package io.ssehub.runtime.servlet;

import io.ssehub.jaxrs.ResponseCustody;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A stream's response in a servlet container (see {@link ResponseCustody}): the container's until the
 * request's dispatch has returned to {@link ServletClientAddressFilter}; then the hub's until the async
 * context ends, however it ends. The container announces the end to this listener on its own thread
 * before it recycles the response, and the announcement waits for a use under way, so no use of the hub's
 * can overlap the recycling or follow it.
 */
final class ServletResponseCustody implements ResponseCustody, AsyncListener {

    private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
    /** Held for every use and to take the response back; reentrant, as a use may end the response itself. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean takenBack;
    /** Guarded by {@link #lock}. */
    private Runnable onTakenBack = () -> { };

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

    @Override
    public void onTimeout(AsyncEvent event) {
        takeBack();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted: the hub never dispatches a stream again.
    }
}
