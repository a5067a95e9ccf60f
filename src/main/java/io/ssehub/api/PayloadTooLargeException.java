package io.ssehub.api;

/** A request body over the configured limit, refused before it is read whole. */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(int limit) {
        super("the request body must be at most " + limit + " bytes");
    }
}
