package io.ssehub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.client.HubEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lines tail prints. */
class EventLinesTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123456Z");

    @Test
    void aHumanLineIsTimeTypeIdAndDataOnOneLine() {
        assertEquals("2026-11-20T10:15:30.123Z  notification  q3v8k1m0zt-42  {\"message\":\"hi\"}",
                EventLines.human(new HubEvent(Optional.of("q3v8k1m0zt-42"), "notification", "{\"message\":\"hi\"}"), AT));
        assertEquals("2026-11-20T10:15:30.123Z  reset  -  two\\nlines\\nhere",
                EventLines.human(new HubEvent(Optional.empty(), "reset", "two\nlines\r\nhere"), AT));
    }

    @Test
    void aJsonLineEmbedsJsonDataAndQuotesAnythingElse() {
        assertEquals("{\"id\":\"q3v8k1m0zt-42\",\"type\":\"user\",\"data\":{\"name\":\"Ada\"}}",
                EventLines.json(new HubEvent(Optional.of("q3v8k1m0zt-42"), "user", "{\"name\":\"Ada\"}")));
        assertEquals("{\"id\":null,\"type\":\"message\",\"data\":\"plain text\"}",
                EventLines.json(new HubEvent(Optional.empty(), "message", "plain text")));
    }
}
