package io.ssehub.security;

/** An authenticated request that asks for more than its token grants (403). */
public final class NotGrantedException extends RuntimeException {

    public NotGrantedException(String message) {
        super(message);
    }
}
