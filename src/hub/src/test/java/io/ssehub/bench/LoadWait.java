package io.ssehub.bench;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How the load tools poll a condition with Awaitility: on the calling thread (the conditions read and write that
 * thread's own state, log progress, and see its interrupt flag), first at once, then {@code interval} after each
 * evaluation ends. Polling in the same thread also leaves the JVM's default uncaught-exception handler alone: a
 * watch that lasts the whole run must not take over what the reader's or publisher's thread throws.
 */
final class LoadWait {

    private LoadWait() {
    }

    static ConditionFactory polling(Duration interval) {
        return Awaitility.with().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(interval);
    }
}
