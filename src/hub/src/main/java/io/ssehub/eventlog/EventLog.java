package io.ssehub.eventlog;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import java.util.Optional;

/**
 * The one source of truth: every event a client receives was appended here first, and the log's
 * {@link Tail} drives the fan-out. The id format belongs to the implementation; clients treat ids as
 * opaque strings and hand them back through {@code Last-Event-ID}.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Stores the event, giving it the next id in log order.
     *
     * @throws EventLogUnavailableException when a remote log did not confirm the append: it may or may not
     *                                      have been stored, and it is not retried
     */
    Event append(EventDraft draft);

    /**
     * What a client that last saw {@code lastEventId} has missed, oldest first: every retained event
     * after it, or, when the log cannot continue from that id, a {@link Replay.Gap} and every event the log
     * still holds.
     */
    Replay replayAfter(String lastEventId);

    /** Every retained event, oldest first: what a stream that started before the first event has missed. */
    Replay retained();

    /** A reader that starts after the newest event at the time of the call. */
    Tail tail();

    /** The id of the newest event, if there is one. */
    Optional<EventId> lastId();

    /**
     * Whether the log answered its last round trip: {@code false} while a remote log is out of reach (appends
     * then fail with {@link EventLogUnavailableException}). A log in memory is always available.
     */
    default boolean isAvailable() {
        return true;
    }

    /** Wakes every tail and refuses further appends. */
    @Override
    void close();
}
