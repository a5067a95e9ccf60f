package io.ssehub.config;

import java.util.function.Function;

/**
 * A size in bytes of at least twice another setting's: one that must hold what the other lets in.
 *
 * @param other the key of the setting whose value is doubled (a key, since a table row cannot name a later one)
 */
record AtLeastTwice(String other) implements SettingRule<Integer> {

    private static final WholeNumber SIZE = WholeNumber.bytesAtLeast(0);

    @Override
    public Integer read(String text, Function<String, Object> others) {
        int value;
        try {
            value = SIZE.read(text, others);
        } catch (Broken notASize) {
            throw new Broken(text());
        }
        long floor = 2L * (Integer) others.apply(other);
        if (value < floor) {
            throw new Broken(text() + " (" + floor + " bytes)");
        }
        return value;
    }

    @Override
    public String text() {
        return "a size in bytes of at least twice " + other;
    }
}
