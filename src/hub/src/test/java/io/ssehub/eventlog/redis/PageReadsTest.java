package io.ssehub.eventlog.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssehub.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pages of the stream read once for everyone who wants them, and kept only while they still hold. */
class PageReadsTest {

    private static PageReads.Page page(boolean complete) {
        return new PageReads.Page(List.of(new Event(StreamEntries.id("aaaaaaaaaa", 1), "t", "message", "1",
                Optional.empty(), Instant.EPOCH)), complete);
    }

    @Test
    void aReadInFlightIsJoinedNotRepeated() throws Exception {
        PageReads pages = new PageReads(10);
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PageReads.Page read = page(false);
        CompletableFuture<PageReads.Page> first = CompletableFuture.supplyAsync(() -> pages.page("e", 0,
                kept -> true, index -> {
                    reads.incrementAndGet();
                    reading.countDown();
                    await(release);
                    return read;
                }));
        assertEquals(true, reading.await(30, TimeUnit.SECONDS));
        CompletableFuture<PageReads.Page> second = CompletableFuture.supplyAsync(() -> pages.page("e", 0,
                kept -> true, index -> {
                    reads.incrementAndGet();
                    return page(false);
                }));
        release.countDown();
        assertSame(read, first.get(30, TimeUnit.SECONDS));
        assertSame(read, second.get(30, TimeUnit.SECONDS));
        assertEquals(1, reads.get());
    }

    @Test
    void aCompletePageIsKeptAndAnIncompleteOneOnlyWhileUsable() {
        PageReads pages = new PageReads(10);
        AtomicInteger reads = new AtomicInteger();
        PageReads.Page complete = page(true);
        pages.page("e", 1, kept -> false, index -> complete);
        assertSame(complete, pages.page("e", 1, kept -> false, index -> {
            reads.incrementAndGet();
            return page(true);
        }), "complete pages never change");
        pages.page("e", 2, kept -> false, index -> page(false));
        pages.page("e", 2, kept -> false, index -> {
            reads.incrementAndGet();
            return page(false);
        });
        assertEquals(1, reads.get(), "the head page read again once it no longer holds");
    }

    @Test
    void aFailedReadIsNotKept() {
        PageReads pages = new PageReads(10);
        assertThrows(IllegalStateException.class, () -> pages.page("e", 0, kept -> true, index -> {
            throw new IllegalStateException("Redis did not answer");
        }));
        PageReads.Page read = page(true);
        assertSame(read, pages.page("e", 0, kept -> true, index -> read));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
