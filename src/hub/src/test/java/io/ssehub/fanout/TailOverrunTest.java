package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.config.HubConfig;
import io.ssehub.event.EventDraft;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.eventlog.Tail;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.testing.LogWithOwnTail;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A log read through its tail (one that other processes append to, such as Redis) can get ahead of the
 * dispatcher that reads it: events then go by unread, and every stream is told (and cut, to resume and
 * learn what it missed), never left with a hole. A log in this process tells the dispatcher of each append
 * as it happens and cannot get ahead of it; here a tiny one is read through its tail to make it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TailOverrunTest {

    private static final Notices NOTICES = new Notices(HubConfig.from(Map.of()).retryHint());

    @Test
    void whenTheDispatcherFallsBehindALogReadThroughItsTailEveryStreamIsToldInsteadOfSilentlySkipping()
            throws Exception {
        EventLog log = new ReadThroughItsTail(new MemoryEventLog(1));
        List<Throwable> deaths = new CopyOnWriteArrayList<>();
        // A queue far larger than the flood, so the only way this stream can end is the overrun notice.
        Fanout fanout = new Fanout(HubConfig.from(Map.of("writer.threads", "1", "tick.interval", "0",
                "subscriber.queue.events", "10000000", "subscriber.queue.bytes", "1000000000")),
                log, FanoutObserver.NONE, (thread, error) -> deaths.add(error), Clock.systemUTC());
        Recorded stream = new Recorded();
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        try {
            fanout.start();
            fanout.subscribe(stream, Subscription.everything(), new StreamTerms(Optional.empty(),
                    (failure, outputClosed) -> stream.ended.complete(null)));
            for (int p = 0; p < 2; p++) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    while (flooding.get() && !stream.ended.isDone()) {
                        log.append(new EventDraft("flood", "user", "{}", Optional.empty()));
                    }
                }));
            }
            stream.ended.get(20, TimeUnit.SECONDS);
        } finally {
            flooding.set(false);
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            fanout.close();
            log.close();
        }
        String last = stream.writes.get(stream.writes.size() - 1);
        assertEquals(NOTICES.cut(FanoutObserver.CutReason.LOG_OVERRUN).toString(), last, "the stream ends with the notice");
        assertTrue(last.contains("retry:"), "with a retry hint: " + last);
        assertEquals(List.of(), deaths, "no fan-out thread may die");
    }

    /** A log in memory, read by the dispatcher through its tail as a remote one is. */
    private record ReadThroughItsTail(EventLog log) implements LogWithOwnTail {

        @Override
        public Tail tail() {
            return log.tail();
        }
    }

    /** Every frame written, in order, each as its text. */
    private static final class Recorded extends AlwaysReadyOutput {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void write(List<SseFrame> frames) {
            frames.forEach(frame -> writes.add(frame.toString()));
        }
    }
}
