package io.ssehub.eventlog.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The node's window on the log: contiguous, bounded, one epoch, and honest about what it does not hold. */
class ReplayWindowTest {

    private static List<Event> events(String epoch, long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(sequence -> new Event(StreamEntries.id(epoch, sequence),
                "t", "message", Long.toString(sequence), Optional.empty(), Instant.EPOCH)).toList();
    }

    private static List<Long> sequences(Optional<List<Event>> events) {
        return events.orElseThrow().stream().map(event -> event.id().position()).toList();
    }

    @Test
    void itHoldsTheNewestEventsUpToItsCapacityAndNothingBeforeWhereTheTailStarted() {
        ReplayWindow window = new ReplayWindow(5);
        assertEquals(Optional.empty(), window.newest());
        window.startAfter("aaaaaaaaaa", 10);
        assertEquals(List.of(), sequences(window.from("aaaaaaaaaa", 11)));
        assertEquals(Optional.empty(), window.from("aaaaaaaaaa", 10), "before the tail started: not held");

        window.add(events("aaaaaaaaaa", 11, 18));
        assertEquals(List.of(14L, 15L, 16L, 17L, 18L), sequences(window.from("aaaaaaaaaa", 14)));
        assertEquals(Optional.empty(), window.from("aaaaaaaaaa", 13), "evicted from the window");
        assertEquals(Optional.empty(), window.from("aaaaaaaaaa", 20), "beyond the tail");
        assertEquals(Optional.empty(), window.from("bbbbbbbbbb", 15), "another epoch");
        assertEquals("aaaaaaaaaa-18", window.newest().orElseThrow().text());
    }

    @Test
    void aSkipOrANewEpochStartsItAgainAndALaggingSecondTailChangesNothing() {
        ReplayWindow window = new ReplayWindow(10);
        window.startAfter("aaaaaaaaaa", 0);
        window.add(events("aaaaaaaaaa", 1, 5));
        window.startAfter("aaaaaaaaaa", 3);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(window.from("aaaaaaaaaa", 1)));

        window.add(events("aaaaaaaaaa", 8, 9));
        assertEquals(Optional.empty(), window.from("aaaaaaaaaa", 5), "not contiguous past the skip");
        assertEquals(List.of(8L, 9L), sequences(window.from("aaaaaaaaaa", 8)));

        window.startAfter("bbbbbbbbbb", 0);
        assertFalse(window.knows("aaaaaaaaaa", 9));
        assertEquals(List.of(), sequences(window.from("bbbbbbbbbb", 1)));
    }

    @Test
    void aWaitForTheTailEndsWhenItReachesTheHeadOrAfterItsTime() throws Exception {
        ReplayWindow window = new ReplayWindow(10);
        window.startAfter("aaaaaaaaaa", 0);
        assertFalse(window.awaitContinues("aaaaaaaaaa", 4, Duration.ofMillis(20)), "the tail stayed behind");

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return window.awaitContinues("aaaaaaaaaa", 4, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        window.add(events("aaaaaaaaaa", 1, 3));
        assertTrue(waiting.get(30, TimeUnit.SECONDS));
    }
}
