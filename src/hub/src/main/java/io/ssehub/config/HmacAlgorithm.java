package io.ssehub.config;

import java.util.Arrays;
import java.util.List;

/**
 * The HMAC algorithms for tokens and the shortest secret each one takes: RFC 7518, section 3.2 requires a
 * key at least as long as the hash, so a secret enables only the algorithms it is long enough for.
 */
public enum HmacAlgorithm {
    HS256(32),
    HS384(48),
    HS512(64);

    private final int minSecretBytes;

    HmacAlgorithm(int minSecretBytes) {
        this.minSecretBytes = minSecretBytes;
    }

    public int minSecretBytes() {
        return minSecretBytes;
    }

    /** The algorithms a secret of {@code bytes} bytes enables, shortest hash first. */
    public static List<HmacAlgorithm> enabledBy(int bytes) {
        return Arrays.stream(values()).filter(algorithm -> bytes >= algorithm.minSecretBytes).toList();
    }

    /** {@code HS256, HS384 and HS512}: for messages. */
    public static String describe(List<HmacAlgorithm> algorithms) {
        String all = algorithms.toString().replace("[", "").replace("]", "");
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " and " + all.substring(last + 2);
    }
}
