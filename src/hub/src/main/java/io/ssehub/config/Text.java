package io.ssehub.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Text of a given form.
 *
 * @param form    what the whole text must match
 * @param mustBe  the form in words, completing "must be …"
 */
record Text(Pattern form, String mustBe) implements SettingRule<String> {

    /** Any text with something in it. */
    static Text notBlank(String mustBe) {
        return new Text(Pattern.compile("(?s).*\\S.*"), mustBe);
    }

    @Override
    public String read(String text, Function<String, Object> others) {
        if (!form.matcher(text).matches()) {
            throw new Broken(text());
        }
        return text;
    }

    @Override
    public String text() {
        return mustBe;
    }
}
