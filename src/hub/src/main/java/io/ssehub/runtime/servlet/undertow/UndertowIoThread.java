package io.ssehub.runtime.servlet.undertow;

import io.undertow.servlet.handlers.ServletRequestContext;
import java.util.concurrent.Executor;

/**
 * The I/O thread of a request's connection in Undertow (WildFly, JBoss EAP), where Undertow wants a
 * non-blocking response used: a close made there reports its failure to its caller, while a close from any
 * other thread is run there later and its failure logged at ERROR. Undertow's own API, which WildFly gives
 * every web deployment (its {@code io.undertow.core} and {@code io.undertow.servlet} modules); the WAR
 * carries nothing of Undertow, so this class is loaded only in Undertow ({@code NonBlockingOutputSupport}).
 */
public final class UndertowIoThread {

    private UndertowIoThread() {
    }

    /**
     * The I/O thread of the request whose dispatch runs on the calling thread: tasks run there in order, with
     * the application's class loader as the thread's context class loader, as in the container's own
     * callbacks to the application.
     */
    public static Executor ofCurrentRequest() {
        Executor ioThread = ServletRequestContext.requireCurrent().getExchange().getIoThread();
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        return task -> ioThread.execute(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(application);
            try {
                task.run();
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }
}
