package io.ssehub.eventlog;

import java.util.concurrent.CompletionException;

/** What a log's future failed with, as its callers and the stages chained on it see it. */
public final class CompletionFailures {

    private CompletionFailures() {
    }

    /**
     * The failure itself: a stage chained on a failed future receives it wrapped in a
     * {@link CompletionException}, the future's own callbacks receive it bare.
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
