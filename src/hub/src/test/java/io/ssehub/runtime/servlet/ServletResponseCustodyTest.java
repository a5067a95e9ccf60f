package io.ssehub.runtime.servlet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServletResponseCustodyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** No response: these uses never touch one. */
    private final ServletResponseCustody custody = new ServletResponseCustody(null);

    @Test
    void theFirstUseWaitsUntilTheDispatchHasHandedTheResponseOver() {
        AtomicInteger runs = new AtomicInteger();
        custody.whenHandedOver(runs::incrementAndGet);
        assertEquals(0, runs.get(), "not while the request thread may still write the head");

        custody.handOver();
        assertEquals(1, runs.get());
        custody.whenHandedOver(runs::incrementAndGet);
        assertEquals(2, runs.get(), "at once, once handed over");
    }

    // Threat: the hub writes to or closes a response the container has recycled for another request.
    @Test
    void noUseRunsOnceTheContainerHasTakenTheResponseBack() {
        custody.handOver();
        assertTrue(custody.use(() -> true));

        custody.onComplete(null);
        AtomicBoolean ran = new AtomicBoolean();
        assertFalse(custody.use(() -> ran.getAndSet(true)));
        assertFalse(ran.get());
    }

    @Test
    void takingBackWaitsForTheUseUnderWay() throws Exception {
        custody.handOver();
        CountDownLatch inUse = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> custody.use(() -> {
            inUse.countDown();
            try {
                return release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        writer.start();
        assertTrue(inUse.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Thread container = new Thread(() -> custody.onError(null));
        container.start();
        await().atMost(WAIT).until(() -> container.getState() == Thread.State.WAITING);
        assertTrue(container.isAlive(), "the container's thread waits while the hub writes");

        release.countDown();
        container.join(WAIT.toMillis());
        writer.join(WAIT.toMillis());
        assertFalse(container.isAlive());
        assertFalse(custody.use(() -> true));
    }

    @Test
    void theHubIsToldOnceThatTheResponseWasTakenBackAndAtOnceWhenItAsksLate() {
        AtomicInteger told = new AtomicInteger();
        custody.onTakenBack(told::incrementAndGet);
        custody.onError(null);
        custody.onComplete(null);
        assertEquals(1, told.get());

        custody.onTakenBack(told::incrementAndGet);
        assertEquals(2, told.get());
    }
}
