package io.ssehub.runtime.servlet;

import io.ssehub.runtime.servlet.undertow.UndertowIoThread;
import jakarta.servlet.ServletContext;

/**
 * Where a container's non-blocking output ({@link ServletOutput}) is to be used: on the hub's own threads,
 * except in Undertow (WildFly, JBoss EAP).
 *
 * <p>Undertow wants a non-blocking response used on its connection's I/O thread. A close that comes from any
 * other thread it runs on that I/O thread later, and logs that close's failure at ERROR
 * ({@code UT005088 Failed to execute ServletOutputStream.closeAsync() on IO thread}): when a client has
 * left, every end of its stream would (a failed flush makes Undertow complete the response itself, from the
 * failing thread). Made on the I/O thread, a close reports its failure to its caller instead, and Undertow
 * completes a response that failed there on the spot, logging the failure at debug. The Servlet API has no
 * way onto that thread but the container's own callbacks, so there every write, flush and close of a stream
 * is handed to its request's I/O thread through Undertow's own API ({@link UndertowIoThread}), which only
 * that branch loads: the WAR carries nothing of Undertow, and other containers never see those classes.
 */
final class NonBlockingOutputSupport {

    private static final String UNDERTOW_PACKAGE = "io.undertow.";

    private NonBlockingOutputSupport() {
    }

    /** Where the streams of the container serving {@code context} use their output. */
    static OutputThreads outputThreads(ServletContext context) {
        if (context.getClass().getName().startsWith(UNDERTOW_PACKAGE)) {
            return UndertowIoThread::ofCurrentRequest;
        }
        return OutputThreads.CALLER;
    }
}
