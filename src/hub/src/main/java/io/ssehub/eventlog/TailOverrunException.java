package io.ssehub.eventlog;

/**
 * A tail fell so far behind that the log evicted events it had not read. Whoever owns the tail must make
 * the loss visible (the fan-out cuts every stream so each client resumes and is told of the gap).
 */
public final class TailOverrunException extends RuntimeException {

    public TailOverrunException(long missed) {
        super(missed + " events were evicted before the tail read them");
    }
}
