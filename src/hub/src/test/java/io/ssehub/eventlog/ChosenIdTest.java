package io.ssehub.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ids a publisher chose (Mercure's) in the memory log: one id space with the log's own, an index bounded by
 * what the log holds, and {@code earliest}.
 */
class ChosenIdTest {

    private final MemoryEventLog log = new MemoryEventLog(3);

    @AfterEach
    void close() {
        log.close();
    }

    private static EventDraft chosen(String id) {
        return new EventDraft("https://example.com/books/1", null, "x", Optional.empty(), Optional.of(id), List.of(),
                false);
    }

    private static EventDraft own() {
        return new EventDraft("news", "notification", "1", Optional.empty());
    }

    private static List<String> ids(Replay replay) {
        return replay.events().stream().map(event -> event.id().text()).toList();
    }

    @Test
    void aChosenIdIsTheEventsIdAndResumingAfterItIsSeamless() {
        Event first = log.append(chosen("urn:a"));
        Event second = log.append(own());
        Event third = log.append(chosen("urn:c"));
        assertEquals("urn:a", first.id().text());
        assertEquals(first.id().position() + 1, second.id().position());
        assertEquals(Replay.continuous(List.of(second, third)), log.replayAfter("urn:a"));
        assertEquals(Replay.continuous(List.of(third)), log.replayAfter(second.id().text()));
        assertTrue(log.continuesAfter("urn:a"));
        assertTrue(log.continuesAfter(second.id().text()));
    }

    @Test
    void aChosenIdLeavesTheIndexWithItsEventAndIsThenUnknown() {
        log.append(chosen("urn:a"));
        log.append(own());
        log.append(own());
        log.append(own());
        assertFalse(log.continuesAfter("urn:a"));
        Replay replay = log.replayAfter("urn:a");
        assertEquals(Optional.of(Replay.Gap.UNKNOWN), replay.gap());
        assertEquals(3, replay.events().size());
        assertEquals("urn:a", log.append(chosen("urn:a")).id().text(), "free again once evicted");
    }

    @Test
    void aChosenIdStillHeldIsRefusedAsADuplicate() {
        log.append(chosen("urn:a"));
        Refusal refused = assertThrows(Refusal.class, () -> log.append(chosen("urn:a")));
        assertEquals(ProblemKind.DUPLICATE_ID, refused.kind());
        assertEquals(1, log.retained().events().size(), "the refused event was not stored");
    }

    @Test
    void earliestAndIdsOfTheLogsOwnFormCannotBeChosen() {
        assertEquals(ProblemKind.INVALID_FIELD, assertThrows(Refusal.class, () -> log.append(chosen("earliest"))).kind());
        assertEquals(ProblemKind.INVALID_FIELD,
                assertThrows(Refusal.class, () -> log.append(chosen("abcdefghij-1"))).kind());
    }

    @Test
    void earliestReplaysEverythingHeldWithoutAGapButIsNotAnEventToContinueAfter() {
        Event first = log.append(own());
        Event second = log.append(chosen("urn:b"));
        assertEquals(Replay.continuous(List.of(first, second)), log.replayAfter(EventLog.EARLIEST));
        assertFalse(log.continuesAfter(EventLog.EARLIEST));
        assertEquals(List.of(), ids(new MemoryEventLog(1).replayAfter(EventLog.EARLIEST)));
    }

    @Test
    void continuesAfterAgreesWithReplayForTheLogsOwnIds() {
        Event first = log.append(own());
        Event second = log.append(own());
        for (int i = 0; i < 3; i++) {
            log.append(own());
        }
        assertTrue(log.continuesAfter(second.id().text()), "the event right after it is still held");
        assertFalse(log.replayAfter(second.id().text()).gap().isPresent());
        assertFalse(log.continuesAfter(first.id().text()), "evicted: two before the oldest held");
        assertTrue(log.replayAfter(first.id().text()).gap().isPresent());
        assertFalse(log.continuesAfter("unknown"));
        assertFalse(log.continuesAfter("abcdefghij-1"), "another run");
    }
}
