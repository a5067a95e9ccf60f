package io.ssehub.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in settings: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, or ISO-8601. */
final class DurationText {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private DurationText() {
    }

    static Duration parse(String text) {
        Matcher shortForm = SHORT_FORM.matcher(text);
        if (shortForm.matches()) {
            try {
                long amount = Long.parseLong(shortForm.group(1));
                String unit = shortForm.group(2) == null ? "ms" : shortForm.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(text, e);
            }
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** {@code duration} in the largest unit that writes it exactly, as a setting may be written: {@code 24h}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        return millis % 3_600_000 == 0 ? millis / 3_600_000 + "h"
                : millis % 60_000 == 0 ? millis / 60_000 + "m"
                : millis % 1_000 == 0 ? millis / 1_000 + "s"
                : millis + "ms";
    }
}
