package io.ssehub.config;

import java.util.Locale;
import java.util.function.Function;

/** A switch: {@code true} or {@code false}, in any case. */
record Flag() implements SettingRule<Boolean> {

    @Override
    public Boolean read(String text, Function<String, Object> others) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Broken(text());
        };
    }

    @Override
    public String text() {
        return "true or false";
    }
}
