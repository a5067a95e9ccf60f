package io.ssehub.fanout;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Every thread the hub starts is named {@code ssehub-…}, so a leak is easy to see and to test for. */
public final class HubThreads {

    public static final String PREFIX = "ssehub-";

    private HubThreads() {
    }

    public static ThreadFactory named(String name) {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("hub thread names start with " + PREFIX);
        }
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
