package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.config.HubConfig;
import io.ssehub.eventlog.EventLog;
import io.ssehub.testing.LogWithOwnTail;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.eventlog.Tail;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every thread the fan-out starts reports its death, including the one an executor would hide: none of
 * them is expected to die, and a hub with a dead dispatcher delivers nothing while looking fine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadDeathTest {

    private record Death(Thread thread, Throwable error) {
    }

    @Test
    void aDispatcherThatDiesOfAnErrorIsReportedWithItsThreadAndTheError() throws Exception {
        CompletableFuture<Death> died = new CompletableFuture<>();
        EventLog log = new LogWhoseTailBreaks(new MemoryEventLog(10));
        Fanout broadcaster = new Fanout(HubConfig.from(Map.of("tick.interval", "0")), log, FanoutObserver.NONE,
                (thread, error) -> died.complete(new Death(thread, error)), Clock.systemUTC());
        try {
            broadcaster.start();

            Death death = died.get(10, TimeUnit.SECONDS);

            assertTrue(death.thread().getName().startsWith("ssehub-dispatcher-"), death.thread().getName());
            assertEquals("the tail broke", death.error().getMessage());
        } finally {
            broadcaster.close();
            log.close();
        }
    }

    @Test
    void aTimedTaskThatFailsWithAnErrorCountsAsItsThreadDyingThoughTheExecutorKeepsTheThread() throws Exception {
        CompletableFuture<Death> died = new CompletableFuture<>();
        ScheduledThreadPoolExecutor scheduler = HubThreads.scheduler("ssehub-test-timer",
                (thread, error) -> died.complete(new Death(thread, error)));
        try {
            scheduler.scheduleAtFixedRate(() -> {
                throw new Error("the task broke");
            }, 0, 1, TimeUnit.MILLISECONDS);

            Death death = died.get(10, TimeUnit.SECONDS);

            assertTrue(death.thread().getName().startsWith("ssehub-test-timer-"), death.thread().getName());
            assertEquals("the task broke", death.error().getMessage());
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A memory log whose tail fails as only an Error would: the dispatcher catches RuntimeExceptions. */
    private record LogWhoseTailBreaks(EventLog log) implements LogWithOwnTail {

        @Override
        public Tail tail() {
            return wait -> {
                throw new Error("the tail broke");
            };
        }
    }
}
