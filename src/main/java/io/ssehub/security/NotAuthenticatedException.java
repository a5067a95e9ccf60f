package io.ssehub.security;

/**
 * A request without a valid token where one is required (401). The message says what was wrong with the
 * token without repeating any of it.
 */
public final class NotAuthenticatedException extends RuntimeException {

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
