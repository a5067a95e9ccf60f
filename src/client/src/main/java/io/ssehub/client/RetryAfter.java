package io.ssehub.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header (RFC 9110, section 10.2.3): whole seconds, or an HTTP date. */
final class RetryAfter {

    /** No server gets to park a client for longer than the hub's own longest retry hint. */
    static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The delay the header asks for, or empty when it is absent or unreadable. */
    static Optional<Duration> parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            return Optional.of(cap(value.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(value))));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(cap(until.isNegative() ? Duration.ZERO : until));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Duration cap(Duration delay) {
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
