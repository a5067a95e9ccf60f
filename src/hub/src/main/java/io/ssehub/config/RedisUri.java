package io.ssehub.config;

import java.util.regex.Pattern;

/**
 * Where Redis is, as a {@code redis://} or {@code rediss://} URI that may carry a user and a password. It
 * prints without its user information, so a config or a start-up line that shows it never shows the password.
 *
 * @param text the URI as set
 */
public record RedisUri(String text) {

    /** Everything between the scheme and the last {@code @}: user and password, however malformed. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://).*@");

    /** {@code text} with any user information replaced by {@code ****}. */
    public static String hidingUserInfo(String text) {
        return USER_INFO.matcher(text).replaceFirst("****@");
    }

    @Override
    public String toString() {
        return hidingUserInfo(text);
    }
}
