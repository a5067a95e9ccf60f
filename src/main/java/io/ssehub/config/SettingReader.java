package io.ssehub.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns the text of one named setting into a typed value, naming the setting when the text is not one. */
final class SettingReader {

    private final Function<String, String> lookup;

    SettingReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    String text(String name) {
        return lookup.apply(name).trim();
    }

    /** A setting that may be left unset (empty). */
    Optional<String> optional(String name) {
        String value = text(name);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A comma-separated list; empty when the setting is. */
    List<String> list(String name) {
        return Arrays.stream(text(name).split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    int integer(String name) {
        String value = text(name);
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "must be a whole number, not '" + value + "'");
        }
    }

    Duration duration(String name) {
        String value = text(name);
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(name, "must be a duration such as 500ms, 15s, 2m or PT15S, not '" + value + "'");
        }
    }
}
