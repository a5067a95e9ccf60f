package io.ssehub.fanout;

import io.ssehub.event.Event;
import java.util.Set;

/**
 * Which events a stream of another protocol than the native API receives (Mercure's topic selectors and
 * private updates), decided per event on the stream's lane. It must be immutable: lanes call it concurrently.
 */
public interface EventFilter {

    /** Whether the stream receives {@code event}, under its canonical topic or any alternate. */
    boolean admits(Event event);

    /**
     * What the stream asked for, as the metrics count it (its selectors, as the client wrote them); empty
     * only if it asked for every topic.
     */
    Set<String> selectors();
}
