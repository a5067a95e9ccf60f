package io.ssehub.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads each setting through its rule in the table ({@link Setting#rule()}): a text that breaks it stops
 * start-up with a message naming the setting, the value and the rule. Each setting is read once, also when
 * another setting's rule asks for it.
 */
final class SettingReader {

    private final Function<Setting, String> lookup;
    private final Map<Setting, Object> read = new EnumMap<>(Setting.class);

    /** Reads each setting's text from {@code lookup}, or its default where that answers {@code null}. */
    SettingReader(Function<Setting, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * The value of {@code setting}, of the type its rule reads. The cast is unchecked because an enum
     * constant cannot carry its rule's type; a rule of another type than the caller expects fails on the
     * first start-up, which every default-reading test is.
     */
    @SuppressWarnings("unchecked")
    <T> T value(Setting setting) {
        Object value = read.get(setting);
        if (value == null) {
            value = readThroughRule(setting);
            read.put(setting, value);
        }
        return (T) value;
    }

    private Object readThroughRule(Setting setting) {
        String text = text(setting);
        try {
            return setting.rule().read(text, key -> value(Setting.spelled(key, Setting::key).orElseThrow()));
        } catch (SettingRule.Broken broken) {
            throw InvalidSettingException.broken(setting, setting.rule().shown(text), broken.getMessage());
        }
    }

    private String text(Setting setting) {
        String value = lookup.apply(setting);
        return (value != null ? value : setting.defaultText()).trim();
    }
}
