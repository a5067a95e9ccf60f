package io.ssehub.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the client's threads {@code ssehub-client-…}: easy to spot in a thread dump, and distinct from
 * the hub's own {@code ssehub-…} threads when both run in one JVM.
 */
final class ClientThreads {

    static final String PREFIX = "ssehub-client-";
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private ClientThreads() {
    }

    /** A daemon thread: an application that forgets to close its client still exits. */
    static Thread stream(Runnable task) {
        Thread thread = new Thread(task, PREFIX + "stream-" + STREAMS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
