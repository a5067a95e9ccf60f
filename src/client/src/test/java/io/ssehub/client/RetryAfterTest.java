package io.ssehub.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry-After in both of its forms (RFC 9110, section 10.2.3), and what is ignored. */
class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAndHttpDatesBecomeDelays() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7", clock));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Fri, 20 Nov 2026 10:01:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Fri, 20 Nov 2026 09:00:00 GMT", clock), "a date past is now");
    }

    @Test
    void absurdDelaysAreCappedAtADay() {
        assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("99999999999999999999", clock));
        assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", clock));
    }

    @Test
    void missingOrUnreadableHeadersAskForNothing() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, clock));
        assertEquals(Optional.empty(), RetryAfter.parse(" ", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
    }
}
