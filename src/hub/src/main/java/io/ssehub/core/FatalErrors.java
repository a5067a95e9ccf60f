package io.ssehub.core;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the hub cannot go on: one of its threads died (a dead dispatcher or lane delivers
 * nothing while everything else looks fine), or the JVM threw a {@link VirtualMachineError} (out of
 * memory, stack overflow) at a request, after which no thread can be trusted to be running (JLS 11.1.1:
 * such an error may be thrown at any point). {@link Hub#failed} first marks the hub failed
 * ({@code /health} answers 503 {@code failed}; publish and subscribe are refused), then this policy, which
 * the runtime chooses when it wires the application, logs one line and:
 * <ul>
 *   <li>{@link #haltingTheProcess()}, for a runtime that owns its JVM (the embedded main, the command
 *       line's {@code serve}): halts it with {@link #EXIT_CODE}, so its supervisor restarts it;</li>
 *   <li>{@link #failingTheHub()}, for a hub that shares its JVM (the WAR in a servlet container, a hub
 *       started from code or tests): leaves the JVM alone; the failed hub waits to be redeployed or
 *       restarted, and says so on {@code /health}.</li>
 * </ul>
 */
public final class FatalErrors {

    /**
     * {@code EX_SOFTWARE} of sysexits.h, "an internal software error": apart from the command line's own
     * codes (0 to 3) and from 128 plus a signal (a JVM stopped by SIGTERM exits with 143).
     */
    public static final int EXIT_CODE = 70;

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

    private final boolean haltsTheProcess;
    private final AtomicBoolean told = new AtomicBoolean();

    private FatalErrors(boolean haltsTheProcess) {
        this.haltsTheProcess = haltsTheProcess;
    }

    /**
     * For a runtime that owns its JVM. Also becomes the JVM's default handler for threads that die, so a
     * VirtualMachineError on a thread that is not the hub's (the HTTP server's) halts it too.
     */
    public static FatalErrors haltingTheProcess() {
        FatalErrors policy = new FatalErrors(true);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof VirtualMachineError) {
                policy.handle("thread " + thread.getName() + " died", error);
            } else {
                LOG.error("thread {} died", thread.getName(), error);
            }
        });
        return policy;
    }

    /** For a hub that shares its JVM, which it must not end. */
    public static FatalErrors failingTheHub() {
        return new FatalErrors(false);
    }

    /** @param what what happened, such as "hub thread ssehub-lane-0-1 died" */
    void handle(String what, Throwable error) {
        try {
            if (told.compareAndSet(false, true)) {
                // With the stack trace, which says where it happened; the line itself comes first.
                LOG.error("{}: {}; {}", what, error, haltsTheProcess
                        ? "halting with exit code " + EXIT_CODE + " so that a supervisor restarts the hub"
                        : "the hub is marked failed (/health answers 503) and must be restarted", error);
            }
        } catch (Throwable logging) {
            // Out of memory again while logging: there is nothing left to say it with.
        } finally {
            if (haltsTheProcess) {
                // Halt, not exit: shutdown hooks would close streams through dead threads on a full heap, and
                // could hang where the process must end.
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        }
    }
}
