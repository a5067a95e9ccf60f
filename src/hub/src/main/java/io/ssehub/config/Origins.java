package io.ssehub.config;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Comma-separated web origins, or {@code *} for any; none when empty. */
record Origins() implements SettingRule<List<String>> {

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    @Override
    public List<String> read(String text, Function<String, Object> others) {
        List<String> origins = Arrays.stream(text.split(","))
                .map(String::trim).filter(item -> !item.isEmpty()).toList();
        for (String origin : origins) {
            if (!"*".equals(origin) && !ORIGIN.matcher(origin).matches()) {
                throw new Broken(text() + "; '" + origin + "' is not an origin");
            }
        }
        return origins;
    }

    @Override
    public String text() {
        return "comma-separated origins such as https://app.example.com, or *";
    }
}
