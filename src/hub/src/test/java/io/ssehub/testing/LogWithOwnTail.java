package io.ssehub.testing;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.Replay;
import java.util.Optional;

/** A real log with a tail of the test's own making: everything but {@link #tail()} goes to {@link #log()}. */
public interface LogWithOwnTail extends EventLog {

    /** The log everything but the tail is left to. */
    EventLog log();

    @Override
    default Event append(EventDraft draft) {
        return log().append(draft);
    }

    @Override
    default Replay replayAfter(String lastEventId) {
        return log().replayAfter(lastEventId);
    }

    @Override
    default Replay retained() {
        return log().retained();
    }

    @Override
    default Optional<EventId> lastId() {
        return log().lastId();
    }

    @Override
    default void close() {
        log().close();
    }
}
