package io.ssehub.runtime.servlet;

import jakarta.servlet.ServletContext;

/**
 * Whether a container's non-blocking output ({@link ServletOutput}) may be written from the hub's threads.
 *
 * <p>Not Undertow's (WildFly, JBoss EAP): once its output stream is non-blocking, it closes the stream on
 * its I/O thread whenever the close comes from any other thread, and logs that close's failure at ERROR
 * ({@code UT005088 Failed to execute ServletOutputStream.closeAsync() on IO thread}). When a client has
 * left, the write that finds it gone fails on the hub's thread, and Undertow then ends the response
 * itself (a failed flush completes the async context from the failing thread), so its close fails on the
 * I/O thread and every departed client would leave an ERROR in the server's log. A close made on the I/O
 * thread reports its failure to its caller instead, but the Servlet API offers no way onto that thread
 * but the container's own callbacks, which come only once a write could not be taken. So on Undertow the
 * hub keeps the blocking writers, as for any sink it cannot write without blocking.
 */
final class NonBlockingOutputSupport {

    private static final String UNDERTOW_PACKAGE = "io.undertow.";

    private NonBlockingOutputSupport() {
    }

    /** Whether the container serving {@code context} takes non-blocking writes and closes from any thread. */
    static boolean offeredBy(ServletContext context) {
        return !context.getClass().getName().startsWith(UNDERTOW_PACKAGE);
    }
}
