package io.ssehub.fanout;

import io.ssehub.event.Event;
import java.util.Set;

/**
 * What the fan-out reports as it works, for the hub's metrics. Called on the fan-out's own threads (the
 * dispatcher and the writers), so implementations must be cheap and must not block or throw.
 */
public interface FanoutObserver {

    /** Why a stream was ended by the hub rather than by its client. */
    enum CutReason { SLOW_CONSUMER, TOKEN_EXPIRED, LOG_OVERRUN }

    /** Reports nothing: for tests and for hubs without metrics. */
    FanoutObserver NONE = new FanoutObserver() {
    };

    /** A stream opened for these topics (empty: every topic). */
    default void streamOpened(Set<String> topics) {
    }

    /** A stream opened for these topics closed, however it ended. Called once per opened stream. */
    default void streamClosed(Set<String> topics) {
    }

    /**
     * A live event was written to {@code streams} streams just now (a lane reports each event once per
     * batch of writes, not once per stream, to keep the hot path cheap); replayed events are not reported.
     */
    default void delivered(Event event, int streams) {
    }

    /** The hub ended a stream and told its client to resume later. */
    default void cut(CutReason reason) {
    }

    /** A resuming stream was sent {@code events} events from the log. */
    default void replayed(int events) {
    }

    /** A resuming stream could not continue seamlessly and was sent a {@code reset} for this gap. */
    default void reset(String gap) {
    }
}
