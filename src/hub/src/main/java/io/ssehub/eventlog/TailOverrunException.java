package io.ssehub.eventlog;

/**
 * A tail can no longer continue seamlessly: the log evicted events it had not read, or the log itself began
 * again (a new epoch, after its store lost its history). Whoever owns the tail must make the loss visible
 * (the fan-out cuts every stream so each client resumes and is told of the gap).
 */
public final class TailOverrunException extends RuntimeException {

    public TailOverrunException(long missed) {
        super(missed + " events were evicted before the tail read them");
    }

    private TailOverrunException(String message) {
        super(message);
    }

    /** The log lost its history and began a new epoch: ids after the tail's position mean other events now. */
    public static TailOverrunException newEpoch(String before, String now) {
        return new TailOverrunException("the event log began a new epoch (" + before + " before, " + now + " now)");
    }
}
