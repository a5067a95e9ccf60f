package io.ssehub.config;

import java.util.function.Function;

/**
 * A whole number between two bounds, such as a count or a size in bytes; {@code _} may group digits
 * ({@code 1_000_000}).
 *
 * @param noun what the number is, as in "a whole number" or "a size in bytes"
 */
record WholeNumber(String noun, int min, int max) implements SettingRule<Integer> {

    /** A count of at least {@code min}. */
    static WholeNumber atLeast(int min) {
        return new WholeNumber("a whole number", min, Integer.MAX_VALUE);
    }

    /** A count from {@code min} to {@code max}. */
    static WholeNumber between(int min, int max) {
        return new WholeNumber("a whole number", min, max);
    }

    /** A size in bytes of at least {@code min}. */
    static WholeNumber bytesAtLeast(int min) {
        return new WholeNumber("a size in bytes", min, Integer.MAX_VALUE);
    }

    @Override
    public Integer read(String text, Function<String, Object> others) {
        int value;
        try {
            value = Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new Broken(text());
        }
        if (value < min || value > max) {
            throw new Broken(text());
        }
        return value;
    }

    @Override
    public String text() {
        return max == Integer.MAX_VALUE ? noun + " of at least " + min : noun + " from " + min + " to " + max;
    }
}
