package io.ssehub.eventlog;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one source of truth: every event a client receives was appended here first, and the log's
 * {@link Tail} drives the fan-out. The id format belongs to the implementation; clients treat ids as
 * opaque strings and hand them back through {@code Last-Event-ID}.
 *
 * <p>Every event has one id, whichever protocol published it and whichever reads it: the log's own, or the
 * one its publisher chose ({@link EventDraft#id()}, Mercure's), which the log keeps an index of for as long
 * as it holds the event. So a client resumes with any id it was sent, on any endpoint.
 */
public interface EventLog extends AutoCloseable {

    /**
     * The id that asks for every event the log holds (Mercure's reserved {@code earliest}): never the id of
     * an event, so a publisher may not choose it.
     */
    String EARLIEST = "earliest";

    /**
     * Stores the event, giving it the next position in log order, and the id its publisher chose or else
     * the next id of the log's own.
     *
     * @throws io.ssehub.refusal.Refusal (conflict) when the publisher's id is one the log still holds, or
     *                                   (invalid field) one the log reserves for itself, or (unsupported) what
     *                                   this log cannot hold
     * @throws EventLogUnavailableException when a remote log did not confirm the append: it may or may not
     *                                      have been stored, and it is not retried
     */
    Event append(EventDraft draft);

    /**
     * {@link #append}, answered when the log has stored the event, without holding the calling thread while a
     * remote log confirms it: a server thread can take the next request meanwhile, and appends waiting at the
     * same moment can share a round trip. The future fails with what {@link #append} would throw. A log in
     * memory answers at once.
     */
    default CompletableFuture<Event> appendAsync(EventDraft draft) {
        try {
            return CompletableFuture.completedFuture(append(draft));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Appends a batch, in order, answering its events in that order. A remote log stores the batch in one step:
     * all of it or none.
     *
     * @throws EventLogUnavailableException when a remote log did not confirm the batch: all of it may have been
     *                                      stored, or none
     */
    default List<Event> appendAll(List<EventDraft> drafts) {
        List<Event> events = new ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            events.add(append(draft));
        }
        return events;
    }

    /**
     * What a client that last saw {@code lastEventId} has missed, oldest first: every retained event
     * after it, or, when the log cannot continue from that id, a {@link Replay.Gap} and every event the log
     * still holds. {@link #EARLIEST} asks for every event the log holds, with no gap.
     */
    Replay replayAfter(String lastEventId);

    /**
     * Whether a client that last saw {@code lastEventId} would be sent exactly what it missed ({@link
     * #replayAfter} without a gap), answered without copying any event. {@link #EARLIEST} does not name an
     * event: false.
     */
    default boolean continuesAfter(String lastEventId) {
        return !EARLIEST.equals(lastEventId) && replayAfter(lastEventId).gap().isEmpty();
    }

    /** Every retained event, oldest first: what a stream that started before the first event has missed. */
    Replay retained();

    /**
     * {@link #replayAfter} ({@link #retained} without an id) when this node can answer it at once, from what
     * it holds, with no round trip to anything remote: safe on a thread that serves many streams. Empty when
     * it cannot; then {@link #replayAfter} reads a remote log, on a thread that may wait, and this answers
     * what followed that replay's last event. A log in memory always answers.
     */
    default Optional<Replay> replayNearby(Optional<String> lastEventId) {
        return Optional.of(lastEventId.map(this::replayAfter).orElseGet(this::retained));
    }

    /** A reader that starts after the newest event at the time of the call. */
    Tail tail();

    /**
     * Has the log run {@code nudge} after every append from now on, on the appending thread, once the event
     * can be read and with no lock of the log held: a reader of its {@link #tail} can then read on the
     * appender's thread instead of a thread of its own that each append would wake. The nudge must not wait.
     *
     * @return false when this log cannot: one that other processes append to is read by a thread that waits
     */
    default boolean nudgeOnAppend(Runnable nudge) {
        return false;
    }

    /** The id of the newest event, if there is one. */
    Optional<EventId> lastId();

    /**
     * Whether the log answered its last round trip: {@code false} while a remote log is out of reach (appends
     * then fail with {@link EventLogUnavailableException}). A log in memory is always available.
     */
    default boolean isAvailable() {
        return true;
    }

    /** What a log kept remotely counts of itself, for the hub's meters; a log in memory has nothing to say. */
    default Optional<RemoteLogStats> remoteStats() {
        return Optional.empty();
    }

    /** Wakes every tail and refuses further appends. */
    @Override
    void close();
}
