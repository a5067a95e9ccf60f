package io.ssehub.security;

/**
 * A cookie-authenticated change from a page of another origin: the browser attached the cookie, the
 * user did not mean to (cross-site request forgery). Refused with 403.
 */
public final class ForeignOriginException extends RuntimeException {

    public ForeignOriginException(String message) {
        super(message);
    }
}
