package io.ssehub.testing;

import io.ssehub.fanout.HubThreads;
import java.util.List;

/** The threads a hub started that are still alive, found by name (they may come from another class loader). */
public final class LiveThreads {

    /** Threads of the Java client share the prefix but are not the hub's. */
    private static final String CLIENT_PREFIX = HubThreads.PREFIX + "client-";

    private LiveThreads() {
    }

    public static List<String> ofHubs() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(HubThreads.PREFIX) && !name.startsWith(CLIENT_PREFIX))
                .sorted()
                .toList();
    }
}
