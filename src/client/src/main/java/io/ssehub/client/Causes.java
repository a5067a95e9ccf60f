package io.ssehub.client;

import java.net.UnknownHostException;

/** Short descriptions of exceptions for messages: the root cause is the one that explains. */
final class Causes {

    private Causes() {
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
