package io.ssehub.api;

/** A request the hub cannot read (malformed JSON, a field of the wrong kind); the message says what is wrong. */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
