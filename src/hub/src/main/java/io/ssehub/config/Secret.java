package io.ssehub.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * A secret that may be left unset, at least {@code minBytes} long in UTF-8, and unset whenever the setting
 * {@code excludedBy} is set. A refusal shows its length, never the secret.
 *
 * @param excludedBy the key of the setting that stands instead of this one
 */
record Secret(int minBytes, String excludedBy) implements SettingRule<Optional<String>> {

    @Override
    public Optional<String> read(String text, Function<String, Object> others) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (((Optional<?>) others.apply(excludedBy)).isPresent()) {
            throw new Broken("unset when " + excludedBy + " is set");
        }
        if (bytes(text) < minBytes) {
            throw new Broken(text());
        }
        return Optional.of(text);
    }

    @Override
    public String text() {
        return "a secret of at least " + minBytes + " bytes (UTF-8), unset when " + excludedBy + " is set";
    }

    @Override
    public String shown(String text) {
        return "a secret of " + bytes(text) + " bytes";
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
