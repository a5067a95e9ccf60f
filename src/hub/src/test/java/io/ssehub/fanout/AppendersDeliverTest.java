package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.event.EventDraft;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a log in memory no thread reads the log's tail on its own: the thread that appends an event delivers
 * it, or leaves it to the one already delivering ({@code Dispatcher.appended}). An append that comes as that
 * thread lets go must still be delivered then, not when some later append happens to come along.
 */
@Timeout(120)
class AppendersDeliverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PUBLISHERS = 4;
    private static final int ROUNDS = 300;

    @Test
    void everyEventOfPublishersAppendingAtOnceIsDeliveredWithoutWaitingForALaterAppend() throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        try (TestHub hub = TestHub.start(); SseStream stream = SseStream.open(hub.uri("events?topic=race"))) {
            stream.next(WAIT);
            CyclicBarrier together = new CyclicBarrier(PUBLISHERS);
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<String>> appends = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    String data = "{\"round\":" + round + ",\"publisher\":" + p + "}";
                    appends.add(publishers.submit(() -> {
                        together.await();
                        return hub.embedded().hub().publish(new EventDraft("race", "user", data, Optional.empty()))
                                .id().text();
                    }));
                }
                Set<String> appended = new HashSet<>();
                for (Future<String> append : appends) {
                    appended.add(append.get());
                }
                // Nothing is appended until these arrive: an event left unread would never come.
                Set<String> delivered = new HashSet<>();
                for (SseStream.Block event : stream.nextEvents(PUBLISHERS, WAIT)) {
                    delivered.add(event.id());
                }
                assertEquals(appended, delivered, "round " + round);
            }
        } finally {
            publishers.shutdownNow();
        }
    }
}
