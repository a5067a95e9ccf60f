package io.ssehub.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Any text, or none: for a setting whose value only what it names can judge (a key file is checked as it
 * loads, where the reason it fails is known).
 *
 * @param mustBe what the text names, completing "must be …"
 */
record OptionalText(String mustBe) implements SettingRule<Optional<String>> {

    @Override
    public Optional<String> read(String text, Function<String, Object> others) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    @Override
    public String text() {
        return mustBe;
    }
}
