package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.eventlog.Tail;
import io.ssehub.fanout.FanoutObserver;
import io.ssehub.fanout.Fanout;
import io.ssehub.fanout.StreamOutput;
import io.ssehub.fanout.StreamTerms;
import io.ssehub.fanout.Subscription;
import io.ssehub.testing.LogWithOwnTail;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

// Threat: a replay storm (many clients resuming at once from the oldest retained events) starves live delivery on their lane.
class ReplayStormHardeningTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** 4 KB events, as in the attack: every replay below is several full writes long. */
    private static final String PAD = "x".repeat(4096);
    private static final int RETAINED = 64;
    private static final int RESUMING = 50;
    private static final Pattern ID = Pattern.compile("(?m)^id: (.+)$");

    /**
     * The streams are connections that take everything at once ({@link AlwaysReadyOutput}): nothing but
     * the lane itself can pace a replay. The lane is held inside the storm's first replay write until the
     * live event is in its hands, so the order below is a contract, not a race.
     */
    @Test
    void aLiveEventReachesItsSubscriberBeforeAnyReplayOfAStormOnItsLaneIsWhole() throws Exception {
        WatchedLog log = new WatchedLog(new MemoryEventLog(RETAINED));
        Connections connections = new Connections();
        List<Throwable> deaths = new java.util.concurrent.CopyOnWriteArrayList<>();
        Fanout hub = new Fanout(HubConfig.from(Map.of("writer.threads", "1")), log, FanoutObserver.NONE,
                (thread, error) -> deaths.add(error), Clock.systemUTC());
        hub.start();
        try {
            List<Event> history = new ArrayList<>();
            for (int n = 0; n < RETAINED; n++) {
                history.add(log.append(new EventDraft("history", "history", "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}",
                        Optional.empty())));
            }
            // The log holds exactly the history: the live event below evicts its first event, so the tail must
            // have read the history by then, or it rightly cuts every stream as overrun (a slow thread start).
            log.awaitHandedOver(history.get(RETAINED - 1));
            Connection live = connections.subscribe(hub, Set.of("live"), Optional.empty());
            connections.holdFirstReplayWrite();
            List<Connection> resuming = new ArrayList<>();
            for (int i = 0; i < RESUMING; i++) {
                resuming.add(connections.subscribe(hub, Set.of("history", "live"), Optional.of(history.get(0).id().text())));
            }
            connections.awaitHeld();
            Event liveEvent = log.append(new EventDraft("live", "user", "{}", Optional.empty()));
            log.awaitHandedOver(liveEvent);
            connections.release();

            assertEquals(List.of(liveEvent.id().text()), live.awaitEvents(1));
            // Every resuming stream: exactly what it missed, once each, in log order, then the live event.
            List<String> missed = new ArrayList<>();
            history.subList(1, RETAINED).forEach(event -> missed.add(event.id().text()));
            missed.add(liveEvent.id().text());
            for (Connection stream : resuming) {
                assertEquals(missed, stream.awaitEvents(missed.size()));
            }
            // And the live event did not wait for their replays: when the lane wrote it, none was whole.
            int liveWrite = connections.firstWriteOf(live, liveEvent.id());
            EventId lastReplayed = history.get(RETAINED - 1).id();
            long whole = resuming.stream().filter(stream -> connections.firstWriteOf(stream, lastReplayed) < liveWrite).count();
            assertEquals(0, whole, "the live event waited until " + whole + " of " + RESUMING
                    + " resuming streams had been written their whole replay");
        } finally {
            connections.release();
            hub.close();
        }
        assertEquals(List.of(), deaths, "no fan-out thread may die");
    }

    /** One stream's connection: takes every write at once and keeps the ids it was sent. */
    private static final class Connection extends AlwaysReadyOutput {

        private final Connections journal;
        private final BlockingQueue<String> ids = new LinkedBlockingQueue<>();

        Connection(Connections journal) {
            this.journal = journal;
        }

        @Override
        public void write(List<SseFrame> frames) {
            List<String> written = new ArrayList<>();
            for (SseFrame frame : frames) {
                Matcher id = ID.matcher(frame.toString());
                while (id.find()) {
                    written.add(id.group(1));
                }
            }
            journal.wrote(this, written);
            ids.addAll(written);
        }

        List<String> awaitEvents(int count) throws InterruptedException {
            List<String> received = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < count) {
                String id = ids.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (id == null) {
                    throw new AssertionError("only " + received.size() + " of " + count + " events within " + WAIT);
                }
                received.add(id);
            }
            return received;
        }
    }

    /**
     * Makes the connections, and keeps every write to any of them in the order the lane made it (one
     * lane: one order). It can hold the lane inside the first write of a replayed event.
     */
    private static final class Connections {

        private record Write(Connection connection, List<String> ids) {
        }

        private final List<Write> writes = new ArrayList<>();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean holding;

        Connection subscribe(Fanout hub, Set<String> topics, Optional<String> lastEventId) {
            Connection connection = new Connection(this);
            hub.subscribe(connection, Subscription.of(topics, lastEventId), StreamTerms.openEnded());
            return connection;
        }

        void holdFirstReplayWrite() {
            holding = true;
        }

        void awaitHeld() throws InterruptedException {
            if (!held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no replay was written within " + WAIT);
            }
        }

        void release() {
            released.countDown();
        }

        void wrote(Connection connection, List<String> ids) {
            synchronized (writes) {
                writes.add(new Write(connection, List.copyOf(ids)));
            }
            if (holding && !ids.isEmpty()) {
                holding = false;
                held.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Position, in the lane's order of writes, of the first write of {@code id} to {@code connection}. */
        int firstWriteOf(Connection connection, EventId id) {
            synchronized (writes) {
                for (int i = 0; i < writes.size(); i++) {
                    if (writes.get(i).connection() == connection && writes.get(i).ids().contains(id.text())) {
                        return i;
                    }
                }
            }
            throw new AssertionError(id.text() + " was never written to that stream");
        }
    }

    /**
     * The hub's log, telling when the dispatcher has handed an event to the lanes: its one thread reads
     * the tail again only once it has handed over everything the previous read returned.
     */
    private static final class WatchedLog implements LogWithOwnTail {

        private final EventLog log;
        /** Newest position the dispatcher has read; its thread only. */
        private long read;
        /** Newest position handed to the lanes. Guarded by this. */
        private long handedOver;

        WatchedLog(EventLog log) {
            this.log = log;
        }

        @Override
        public EventLog log() {
            return log;
        }

        synchronized void awaitHandedOver(Event event) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (handedOver < event.id().position()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(event.id().text() + " was not handed to the lanes within " + WAIT);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private synchronized void handedOver(long position) {
            handedOver = Math.max(handedOver, position);
            notifyAll();
        }

        @Override
        public Tail tail() {
            Tail tail = log.tail();
            return wait -> {
                handedOver(read);
                List<Event> events = tail.next(wait);
                if (!events.isEmpty()) {
                    read = events.get(events.size() - 1).id().position();
                }
                return events;
            };
        }
    }
}
