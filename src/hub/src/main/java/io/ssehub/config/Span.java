package io.ssehub.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * A duration between two bounds, written as {@link DurationText} reads it.
 *
 * @param zeroTurnsOff whether {@code 0} is also taken, below {@code min}, to turn off what the setting times
 */
record Span(Duration min, Duration max, boolean zeroTurnsOff) implements SettingRule<Duration> {

    static Span between(Duration min, Duration max) {
        return new Span(min, max, false);
    }

    static Span zeroOrBetween(Duration min, Duration max) {
        return new Span(min, max, true);
    }

    @Override
    public Duration read(String text, Function<String, Object> others) {
        Duration value;
        try {
            value = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Broken(text());
        }
        boolean off = zeroTurnsOff && value.isZero();
        if (!off && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new Broken(text());
        }
        return value;
    }

    @Override
    public String text() {
        String between = "a duration from " + DurationText.format(min) + " to " + DurationText.format(max);
        return zeroTurnsOff ? "0 (off) or " + between : between;
    }
}
