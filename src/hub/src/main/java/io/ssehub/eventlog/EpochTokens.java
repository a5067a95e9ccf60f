package io.ssehub.eventlog;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The first half of every id a log gives: a random token drawn when the log's life begins (a start of the
 * in-memory log, a new epoch of the log on Redis), so an id handed out before is recognised as such and never
 * confused with a current one that has the same sequence number. Ids read {@code <token>-<sequence>}.
 */
public final class EpochTokens {

    /** An id of that shape: group 1 the token, group 2 the sequence (at most 18 digits, so it fits a long). */
    public static final Pattern ID = Pattern.compile("([a-z0-9]{10})-([1-9][0-9]{0,17})");

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EpochTokens() {
    }

    /** A fresh token of ten letters and digits. */
    public static String next() {
        StringBuilder token = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }
}
