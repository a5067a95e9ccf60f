package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ssehub.config.HubConfig;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * However a stream ends, and whenever its end arrives (even before the lane has opened it), it ends once,
 * leaves its lane and gives back its place under the connection limits.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamLifecycleTest {

    private static final Notices NOTICES = new Notices(HubConfig.from(Map.of()).retryHint());
    private static final SseFrame GREETING = NOTICES.greeting();
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final MemoryEventLog log = new MemoryEventLog(16);
    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    private final Fanout hub = new Fanout(HubConfig.from(Map.of("writer.threads", "1", "tick.interval", "0")),
            log, FanoutObserver.NONE, (thread, error) -> deaths.add(error), Clock.fixed(NOW, ZoneOffset.UTC));
    private final AtomicInteger placesGiven = new AtomicInteger();

    @AfterEach
    void stop() {
        hub.close();
        assertEquals(List.of(), deaths, "no fan-out thread may die");
    }

    @Test
    void aClientThatDropsBeforeItsStreamOpensIsClosedOnceAndLeavesNothingOnItsLane() throws Exception {
        Output dropped = new Output(true);
        hub.start();

        hub.subscribe(dropped, Subscription.everything(), terms(Optional.empty()));
        dropped.closed.get(10, TimeUnit.SECONDS);
        hub.awaitLanes();

        assertEquals(0, hub.subscriberCount(), "a closed stream stays on its lane");
        assertEquals(1, placesGiven.get(), "its place is given back once");
        assertEquals(List.of(), dropped.writes, "nothing is written to a stream that is gone");
    }

    @Test
    void aTokenAlreadyExpiredWhenTheStreamOpensEndsItAfterItsGreetingWithTheExpiryNotice() throws Exception {
        Output output = new Output(false);
        hub.start();

        hub.subscribe(output, Subscription.everything(), terms(Optional.of(NOW.minus(Duration.ofSeconds(1)))));
        output.closed.get(10, TimeUnit.SECONDS);
        hub.awaitLanes();

        assertEquals(List.of(GREETING.toString(), NOTICES.cut(FanoutObserver.CutReason.TOKEN_EXPIRED).toString()),
                output.writes, "the greeting, then the expiry notice, then the end");
        assertEquals(0, hub.subscriberCount(), "an expired stream stays on its lane");
        assertEquals(1, placesGiven.get(), "its place is given back once");
    }

    @Test
    void closingWithoutCascadingGivesBackEveryStreamsPlaceAndLeavesTheirOutputsOpen() throws Exception {
        List<Output> outputs = new CopyOnWriteArrayList<>();
        hub.start();
        for (int i = 0; i < 3; i++) {
            Output output = new Output(false);
            outputs.add(output);
            hub.subscribe(output, Subscription.everything(), terms(Optional.empty()));
        }
        hub.awaitLanes();

        hub.close(false);

        assertEquals(3, placesGiven.get(), "every stream's place is given back");
        assertEquals(0, hub.subscriberCount());
        outputs.forEach(output -> assertFalse(output.closed.isDone(), "the sink is left to its owner"));
    }

    private StreamTerms terms(Optional<Instant> endBy) {
        return new StreamTerms(endBy, (failure, outputClosed) -> placesGiven.incrementAndGet());
    }

    /** Takes every write; with {@code goneAtOnce}, its client has left before the first write. */
    private static final class Output extends AlwaysReadyOutput {
        final boolean goneAtOnce;
        final List<String> writes = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Output(boolean goneAtOnce) {
            this.goneAtOnce = goneAtOnce;
        }

        @Override
        public void write(List<SseFrame> frames) {
            List<String> texts = new ArrayList<>();
            frames.forEach(frame -> texts.add(frame.toString()));
            writes.addAll(texts);
        }

        @Override
        public void onGone(Consumer<Throwable> callback) {
            if (goneAtOnce) {
                callback.accept(new java.io.IOException("connection reset"));
            }
        }

        @Override
        public void close() {
            closed.complete(null);
        }
    }
}
