package io.ssehub.fanout;

import io.ssehub.event.Event;

/**
 * Which events a stream of another protocol than the native API receives (Mercure's topic selectors and
 * private updates), decided per event on the stream's lane. It must be immutable: lanes call it concurrently.
 */
@FunctionalInterface
public interface EventFilter {

    /** Whether the stream receives {@code event}, under its canonical topic or any alternate. */
    boolean admits(Event event);
}
