package io.ssehub.eventlog.redis;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * One reader's view of whether Redis answers: logs once when an outage begins and once when it ends (not
 * once per failed attempt), and says how long to wait before the next attempt, doubling from 100 ms to 1 s.
 * Owned by one thread.
 */
final class Outage {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(1);

    private final Logger log;
    private final String what;
    private Duration backoff;
    private int failures;

    Outage(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** An attempt failed: how long to wait before the next one. */
    Duration failed(RuntimeException error) {
        if (failures++ == 0) {
            log.warn("{}: Redis does not answer ({}); retrying until it does", what, error.toString());
            backoff = FIRST_BACKOFF;
        } else {
            backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
        }
        return backoff;
    }

    /** An attempt succeeded. */
    void answered() {
        if (failures > 0) {
            log.info("{}: Redis answers again after {} failed attempts", what, failures);
            failures = 0;
        }
    }
}
