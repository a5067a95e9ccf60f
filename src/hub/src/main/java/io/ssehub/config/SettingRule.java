package io.ssehub.config;

import java.util.function.Function;

/**
 * What one setting's text must be, and the value it becomes: the rule each {@link Setting} states in the
 * table, so that a bound is written once and the README's rule column, the check and the refusal all say it
 * with the same words.
 *
 * @param <T> the value the setting's text becomes
 */
interface SettingRule<T> {

    /**
     * The value {@code text} (already trimmed) stands for. {@code others} gives another setting's value by its
     * key, for the rules that bound one setting by another.
     *
     * @throws Broken if {@code text} breaks the rule
     */
    T read(String text, Function<String, Object> others);

    /** The rule as it completes "must be …", in messages and in the README's rule column. */
    String text();

    /** {@code text} as a refusal may show it: quoted, unless the rule keeps it secret. */
    default String shown(String text) {
        return "'" + text + "'";
    }

    /** A text that breaks its rule; the message completes "must be …", more precisely than {@link #text()} may. */
    final class Broken extends IllegalArgumentException {

        Broken(String mustBe) {
            super(mustBe);
        }
    }
}
