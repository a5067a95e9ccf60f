package io.ssehub.eventlog;

import io.ssehub.event.Event;
import java.lang.management.ManagementFactory;

/**
 * The heap an event takes while the in-memory log holds it, as the JVM stores it: what the log's byte
 * bound counts. The log keeps the {@link Event} itself and nothing derived from it (frames are encoded by
 * the fan-out and bounded by each stream's queue).
 *
 * <p>Strings are counted as compact strings store them (JEP 254): one byte a character when every
 * character is Latin-1, otherwise two for the whole string, so one euro sign doubles a 64 KiB payload.
 * The fixed part is an upper estimate of the objects around the strings (the event, its id, optional
 * retry and timestamp, four string headers and their arrays); it keeps tiny events from looking free.
 */
final class StoredBytes {

    /** Object headers and fields of one event and what it points to, on a 64-bit JVM, rounded up. */
    static final int PER_EVENT = 256;
    /** The header and array of one more topic string, and its slot in the list of alternates. */
    static final int PER_ALTERNATE = 48;

    /** With {@code -XX:-CompactStrings} every string is UTF-16, Latin-1 or not. */
    private static final boolean COMPACT_STRINGS =
            !ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-CompactStrings");

    private StoredBytes() {
    }

    static long of(Event event) {
        long bytes = PER_EVENT + of(event.data()) + of(event.id().text()) + of(event.topic())
                + (event.type() == null ? 0 : of(event.type()));
        for (String alternate : event.alternates()) {
            bytes += PER_ALTERNATE + of(alternate);
        }
        return bytes;
    }

    static long of(String text) {
        int length = text.length();
        if (!COMPACT_STRINGS) {
            return 2L * length;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) > 0xFF) {
                return 2L * length;
            }
        }
        return length;
    }
}
