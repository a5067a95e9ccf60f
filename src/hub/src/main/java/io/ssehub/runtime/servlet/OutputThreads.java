package io.ssehub.runtime.servlet;

import java.util.concurrent.Executor;

/**
 * Where a stream's non-blocking output is used, written, flushed and ended ({@link ServletOutput}): chosen
 * for the container ({@link NonBlockingOutputSupport}), found per request during its dispatch.
 */
@FunctionalInterface
interface OutputThreads {

    /** On the calling thread, whichever it is: for containers whose non-blocking output any thread may use. */
    OutputThreads CALLER = () -> Runnable::run;

    /** Runs the tasks given it in order, for the request whose dispatch runs on the calling thread. */
    Executor ofCurrentRequest();
}
