package io.ssehub.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns the text of one named setting into a typed value, naming the setting when the text is not one. */
final class SettingReader {

    private final Function<Setting, String> lookup;

    /** Reads each setting's text from {@code lookup}, or its default where that answers {@code null}. */
    SettingReader(Function<Setting, String> lookup) {
        this.lookup = lookup;
    }

    String text(Setting setting) {
        String value = lookup.apply(setting);
        return (value != null ? value : setting.defaultText()).trim();
    }

    /** A setting that may be left unset (empty). */
    Optional<String> optional(Setting setting) {
        String value = text(setting);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A comma-separated list; empty when the setting is. */
    List<String> list(Setting setting) {
        return Arrays.stream(text(setting).split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    int integer(Setting setting) {
        String value = text(setting);
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting, "must be a whole number, not '" + value + "'");
        }
    }

    Duration duration(Setting setting) {
        String value = text(setting);
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, "must be a duration such as 500ms, 15s, 2m or PT15S, not '" + value + "'");
        }
    }
}
