package io.ssehub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams that open and close while events flow, on a few topics and on every topic: each gets the events
 * of its topics once, in log order, with no gap between the first and the last it got, and the streams
 * still open at the end get everything up to the last event of their topics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingChurnTest {

    private static final List<String> TOPICS = List.of("t0", "t1", "t2", "t3", "t4");
    private static final int ROUNDS = 60;
    private static final int EVENTS_PER_ROUND = 50;

    private final MemoryEventLog log = new MemoryEventLog(ROUNDS * EVENTS_PER_ROUND * 2);
    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    private final Fanout fanout = new Fanout(HubConfig.from(Map.of("writer.threads", "2", "tick.interval", "0",
                    // Room for every event: a lane that falls behind the log must not cut a stream whose
                    // replay waits for its turn (that is the slow-consumer rule, not routing, and not tested here).
                    "subscriber.queue.events", String.valueOf(ROUNDS * EVENTS_PER_ROUND))),
            log, FanoutObserver.NONE, (thread, error) -> deaths.add(error), Clock.systemUTC());
    /** Every event appended, by id. */
    private final Map<String, Event> appended = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        fanout.close();
        assertEquals(List.of(), deaths, "no fan-out thread may die");
    }

    @Test
    void streamsJoiningAndLeavingWhileEventsFlowGetTheirTopicsOnceInOrderWithoutGaps() throws Exception {
        fanout.start();
        List<Stream> streams = new ArrayList<>();
        List<Stream> left = new ArrayList<>();
        int published = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Every fifth on every topic, the others on one or two topics.
            Set<String> topics = round % 5 == 0 ? Set.of()
                    : round % 3 == 0 ? Set.of(TOPICS.get(round % 5), TOPICS.get((round + 1) % 5)) : Set.of(TOPICS.get(round % 5));
            Stream stream = new Stream(topics);
            fanout.subscribe(stream, new Subscription(topics, Optional.empty()), StreamTerms.openEnded());
            streams.add(stream);
            if (round % 2 == 1) {
                // One of the earlier streams leaves, as a client that goes away does.
                Stream leaving = streams.get(round / 2);
                leaving.gone.accept(null);
                left.add(leaving);
            }
            // Events flow while the lanes open and close streams: nothing here waits for the lanes, but for
            // an occasional pause so that the lanes also join and leave streams between small batches.
            if (round % 10 == 9) {
                fanout.awaitLanes();
            }
            for (int i = 0; i < EVENTS_PER_ROUND; i++, published++) {
                Event event = log.append(new EventDraft(TOPICS.get(published % TOPICS.size()), "t",
                        "{\"n\":" + published + "}", Optional.empty()));
                appended.put(event.id().text(), event);
            }
        }
        Map<String, Event> lastOfTopic = new ConcurrentHashMap<>();
        appended.values().forEach(event -> lastOfTopic.merge(event.topic(), event,
                (a, b) -> a.id().position() > b.id().position() ? a : b));

        for (Stream stream : streams) {
            if (!left.contains(stream)) {
                for (Event lastOfMine : lastOfTopic.values()) {
                    if (stream.wants(lastOfMine)) {
                        try {
                            stream.received(lastOfMine.id().text()).get(10, TimeUnit.SECONDS);
                        } catch (TimeoutException e) {
                            fail(stream + " never got " + lastOfMine.id().text() + ", the last event of its topic; it got "
                                    + stream.ids.size() + " events");
                        }
                    }
                }
            }
        }
        fanout.awaitLanes();

        for (Stream stream : streams) {
            List<Event> got = stream.ids.stream().map(appended::get).toList();
            for (int i = 0; i < got.size(); i++) {
                assertTrue(stream.wants(got.get(i)), stream + " got an event of " + got.get(i).topic());
            }
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i).id().position() > got.get(i - 1).id().position(),
                        stream + " got " + got.get(i).id().text() + " after " + got.get(i - 1).id().text());
            }
            // A stream that left at once may have gone before anything reached it.
            if (!got.isEmpty()) {
                long first = got.get(0).id().position();
                long end = got.get(got.size() - 1).id().position();
                List<String> expected = appended.values().stream()
                        .filter(event -> stream.wants(event) && event.id().position() >= first && event.id().position() <= end)
                        .sorted((a, b) -> Long.compare(a.id().position(), b.id().position()))
                        .map(event -> event.id().text()).toList();
                assertEquals(expected, stream.ids, stream + " missed events between its first and its last");
            }
        }
    }

    /** Records the ids it is written; {@link #gone} closes it as its client's departure would. */
    private static final class Stream extends AlwaysReadyOutput {
        private final Set<String> topics;
        final List<String> ids = new CopyOnWriteArrayList<>();
        private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
        volatile Consumer<Throwable> gone;

        Stream(Set<String> topics) {
            this.topics = topics;
        }

        boolean wants(Event event) {
            return topics.isEmpty() || topics.contains(event.topic());
        }

        CompletableFuture<Void> received(String id) {
            CompletableFuture<Void> future = awaited.computeIfAbsent(id, key -> new CompletableFuture<>());
            if (ids.contains(id)) {
                future.complete(null);
            }
            return future;
        }

        @Override
        public void onGone(Consumer<Throwable> callback) {
            gone = callback;
        }

        @Override
        public void write(List<SseFrame> frames) {
            for (SseFrame frame : frames) {
                frame.toString().lines().filter(line -> line.startsWith("id: ")).map(line -> line.substring(4))
                        .forEach(id -> {
                            ids.add(id);
                            awaited.computeIfAbsent(id, key -> new CompletableFuture<>()).complete(null);
                        });
            }
        }

        @Override
        public String toString() {
            return "stream on " + (topics.isEmpty() ? "every topic" : topics);
        }
    }
}
