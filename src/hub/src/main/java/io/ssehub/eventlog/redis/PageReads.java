package io.ssehub.eventlog.redis;

import io.ssehub.event.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Reads of the stream by fixed pages ({@code XRANGE} of sequences {@code k·1000+1} to {@code (k+1)·1000}),
 * shared, so that many clients resuming from about the same id cost one read per page, not one per client:
 * a read in flight is joined by everyone who wants the same page, and the pages read last are kept. A
 * complete page (its last sequence reached) never changes again; one that is not (it was the head of the
 * stream) serves only for as long as its caller says it is usable (the node's window goes on from its end).
 * Thread-safe.
 */
final class PageReads {

    static final int PAGE = 1_000;

    /** The events of one page as read, and whether the page is complete (no event will ever join it). */
    record Page(List<Event> events, boolean complete) {
    }

    private final int keptPages;
    /** Pages read or in flight, by epoch and index, least recently used first. Guarded by {@code this}. */
    private final Map<String, CompletableFuture<Page>> pages = new LinkedHashMap<>(16, 0.75f, true);

    /** @param keptPages most complete pages kept after their read */
    PageReads(int keptPages) {
        this.keptPages = keptPages;
    }

    static long index(long sequence) {
        return (sequence - 1) / PAGE;
    }

    static long first(long index) {
        return index * PAGE + 1;
    }

    static long last(long index) {
        return (index + 1) * PAGE;
    }

    /**
     * Page {@code index} of {@code epoch}: kept or in flight when that is complete or {@code usable}, else
     * read now with {@code read} on the calling thread.
     */
    Page page(String epoch, long index, Predicate<Page> usable, LongFunction<Page> read) {
        String key = epoch + ":" + index;
        CompletableFuture<Page> mine = new CompletableFuture<>();
        CompletableFuture<Page> shared;
        synchronized (this) {
            shared = pages.putIfAbsent(key, mine);
        }
        if (shared != null) {
            Page page = join(shared);
            if (page.complete() || usable.test(page)) {
                return page;
            }
            synchronized (this) {
                pages.replace(key, shared, mine);
                shared = pages.putIfAbsent(key, mine);
            }
            if (shared != null && shared != mine) {
                return join(shared);
            }
        }
        try {
            Page page = read.apply(index);
            mine.complete(page);
            synchronized (this) {
                var oldest = pages.entrySet().iterator();
                while (pages.size() > keptPages && oldest.hasNext()) {
                    if (oldest.next().getValue().isDone()) {
                        oldest.remove();
                    }
                }
            }
            return page;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            synchronized (this) {
                pages.remove(key, mine);
            }
            throw e;
        }
    }

    private static Page join(CompletableFuture<Page> shared) {
        try {
            return shared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a page of the log", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
