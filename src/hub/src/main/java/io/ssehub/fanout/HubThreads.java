package io.ssehub.fanout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the hub starts is named {@code ssehub-…}, so a leak is easy to see and to test for, and
 * every one is essential: none is expected to die, so one that does is reported to {@code onDeath}, which
 * the hub answers by failing (a live-looking process with a dead dispatcher or lane delivers nothing).
 */
public final class HubThreads {

    public static final String PREFIX = "ssehub-";

    private HubThreads() {
    }

    /** @param onDeath told when a thread dies of what it did not catch */
    public static ThreadFactory named(String name, Thread.UncaughtExceptionHandler onDeath) {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("hub thread names start with " + PREFIX);
        }
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(onDeath);
            return thread;
        };
    }

    /**
     * Stops {@code executor} at once (interrupting what runs) and waits up to {@code grace} for its threads to
     * end; an interrupted caller stays interrupted.
     */
    public static void stopNow(ExecutorService executor, Duration grace) {
        executor.shutdownNow();
        awaitEnd(executor, grace);
    }

    /**
     * Lets {@code executor} finish what it was given, up to {@code grace}, then stops what is left.
     */
    public static void drain(ExecutorService executor, Duration grace) {
        executor.shutdown();
        if (!awaitEnd(executor, grace)) {
            executor.shutdownNow();
        }
    }

    private static boolean awaitEnd(ExecutorService executor, Duration grace) {
        try {
            return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One named thread running timed tasks, where a task that fails with an {@link Error} counts as the
     * thread's death: the executor keeps a task's Error in a future nobody reads and silently cancels the
     * task's schedule, so keep-alives or stall checks would stop while the thread lives on.
     */
    public static ScheduledThreadPoolExecutor scheduler(String name, Thread.UncaughtExceptionHandler onDeath) {
        return new ScheduledThreadPoolExecutor(1, named(name, onDeath)) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                // The check ThreadPoolExecutor#afterExecute documents for tasks that ran as futures.
                if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof Error error) {
                            onDeath.uncaughtException(Thread.currentThread(), error);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }
}
