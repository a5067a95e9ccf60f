package io.ssehub.eventlog;

import io.ssehub.event.Event;
import java.util.List;
import java.util.Optional;

/**
 * The answer to "what did I miss since this id?".
 *
 * @param gap    present when the log cannot continue from the id it was asked about
 * @param events what the client should receive before live events, oldest first
 */
public record Replay(Optional<Gap> gap, List<Event> events) {

    public Replay {
        events = List.copyOf(events);
    }

    public static Replay continuous(List<Event> events) {
        return new Replay(Optional.empty(), events);
    }

    public static Replay afterGap(Gap gap, List<Event> events) {
        return new Replay(Optional.of(gap), events);
    }

    /** Why a resume cannot be seamless. The tokens are what clients see in the {@code reset} event. */
    public enum Gap {
        /** The id was issued by this log, but the events after it have been evicted. */
        EVICTED("evicted", "the events after this id are no longer retained"),
        /** The id was issued by an earlier run of the hub, whose events are gone. */
        EARLIER_RUN("earlier-run", "this id comes from an earlier run of the hub"),
        /** The id was never issued by this log. */
        UNKNOWN("unknown", "this id was not issued by this hub");

        private final String token;
        private final String description;

        Gap(String token, String description) {
            this.token = token;
            this.description = description;
        }

        public String token() {
            return token;
        }

        public String description() {
            return description;
        }
    }
}
