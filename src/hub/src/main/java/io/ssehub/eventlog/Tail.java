package io.ssehub.eventlog;

import io.ssehub.event.Event;
import java.time.Duration;
import java.util.List;

/** Reads a log in order, each event once, waiting for new ones. Read by one thread at a time. */
public interface Tail {

    /**
     * The events appended since the last call, oldest first, waiting up to {@code wait} for at least one;
     * empty when none came in time or the log was closed.
     *
     * @throws TailOverrunException when events were evicted before this tail read them
     */
    List<Event> next(Duration wait) throws InterruptedException;
}
