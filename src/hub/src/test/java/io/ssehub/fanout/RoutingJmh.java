package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.Replay;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.wire.SseFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What routing an event costs a lane: {@code subscribers} streams, each on one of {@code subscribers /
 * readersPerTopic} topics, and batches of {@code batch} events on consecutive topics, so each event has
 * {@code readersPerTopic} readers and every other stream of the lane is not one of them. The events go
 * round-robin over {@code eventTopics} topics: {@code all} of them (every stream is a reader now and then,
 * so with many streams most readers are no longer in the CPU's caches when their next event comes), or the
 * first 10 (the same few readers each time: what is left is the cost of the streams that are not readers).
 *
 * <p>{@link #routed} is {@link Lane#deliver} as the lane runs it: the readers are looked up in its
 * {@link TopicIndex}. {@link #offeredToAll} is what the lane did before it had an index: every member is
 * offered the batch and keeps what it wants. With routing, the time per event should not depend on
 * {@code subscribers}, only on {@code readersPerTopic}; offered to all, it grows with {@code subscribers}.
 *
 * <p>JMH reports, besides the time per operation (one batch), {@code event} (the time per event) and
 * {@code delivery} (per event per reader). The outputs are always ready and only count their writes, so the
 * socket write is left out. The events are made before each operation, untimed (with one frame for all of
 * them: the frame is the dispatcher's work, once per event, see {@code io.ssehub.jmh.EncodingJmh}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingJmh {

    private static final String DATA = "{\"symbol\":\"ACME\",\"price\":123.5,\"volume\":1200,\"seq\":7}";
    private static final Instant PUBLISHED = Instant.parse("2026-11-30T12:00:00Z");

    /** Streams on the lane. */
    @Param({"1000", "10000", "100000"})
    public int subscribers;

    /** Streams on each topic: the readers of each event. */
    @Param({"1", "10"})
    public int readersPerTopic;

    /** Events delivered together, on consecutive topics. */
    @Param({"1", "10"})
    public int batch;

    /** Topics the events go to, in turn: {@code all}, or the first {@code 10}. */
    @Param({"all", "10"})
    public String eventTopics;

    private Lane lane;
    private Subscriber[] streams;
    private String[] topics;
    private int eventTopicCount;
    private SseFrame frame;
    private final Batch current = new Batch();
    private int[] writtenNow;
    private long position;
    private long events;
    private final Count writes = new Count();

    /** Events and deliveries made, for JMH to report the time per each. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        /** One event routed to its readers. */
        public long event;
        /** One event written to one reader. */
        public long delivery;
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (subscribers % readersPerTopic != 0) {
            throw new IllegalArgumentException("subscribers must be a multiple of readersPerTopic");
        }
        lane = new Lane("ssehub-lane-jmh", FanoutObserver.NONE, (thread, error) -> {
            throw new IllegalStateException(thread.getName() + " died", error);
        });
        Subscriber.Commons commons = new Subscriber.Commons(new QueueLimits(1000, 1 << 20),
                new Notices(Duration.ofSeconds(3)), Clock.systemUTC(), FanoutObserver.NONE);
        topics = new String[subscribers / readersPerTopic];
        for (int t = 0; t < topics.length; t++) {
            topics[t] = ("topic-" + t).intern();
        }
        eventTopicCount = "all".equals(eventTopics) ? topics.length : Math.min(topics.length, Integer.parseInt(eventTopics));
        if (eventTopicCount < batch) {
            throw new IllegalArgumentException("a batch's events must be on distinct topics");
        }
        SseFrame greeting = SseFrame.retry(Duration.ofSeconds(3));
        streams = new Subscriber[subscribers];
        for (int i = 0; i < subscribers; i++) {
            Subscriber subscriber = new Subscriber(new CountingOutput(writes),
                    Subscription.of(List.of(topics[i % topics.length]), Optional.empty()), StreamTerms.openEnded(),
                    commons, lane);
            subscriber.open(greeting, Replay.continuous(List.of()), null, Long.MIN_VALUE);
            streams[i] = subscriber;
        }
        frame = SseFrame.event("k3x9q2m7fa-0", "price", DATA, null);
        writtenNow = new int[Math.max(16, batch)];
        writes.count = 0;
    }

    /** The next events of the log, on the next topics in turn. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        current.clear();
        for (int i = 0; i < batch; i++) {
            position++;
            String topic = topics[(int) (events++ % eventTopicCount)];
            current.add(new Event(new EventId("k3x9q2m7fa-" + position, position), topic, "price", DATA, Optional.empty(),
                    PUBLISHED), frame);
        }
    }

    /** The batch to its readers, found in the lane's topic index. */
    @Benchmark
    public void routed(Counts counts) {
        lane.deliver(current);
        counts.event += batch;
        counts.delivery += (long) batch * readersPerTopic;
    }

    /** The batch offered to every member of the lane, as before the index: each keeps what it wants. */
    @Benchmark
    public int offeredToAll(Counts counts) {
        Arrays.fill(writtenNow, 0, batch, 0);
        for (Subscriber stream : streams) {
            stream.deliver(current, writtenNow);
        }
        counts.event += batch;
        counts.delivery += (long) batch * readersPerTopic;
        return writtenNow[0];
    }

    /** Every event reached exactly its readers: one write per reader per event (the batch's events have distinct readers). */
    @TearDown(Level.Trial)
    public void check() {
        long expected = events * readersPerTopic;
        if (writes.count != expected) {
            throw new IllegalStateException(writes.count + " writes for " + events + " events of "
                    + readersPerTopic + " readers each");
        }
    }

    /** Writes made to every stream. */
    private static final class Count {
        long count;
    }

    /** Always ready; counts its writes. */
    private static final class CountingOutput extends AlwaysReadyOutput {
        private final Count writes;

        CountingOutput(Count writes) {
            this.writes = writes;
        }

        @Override
        public void write(List<SseFrame> frames) {
            writes.count++;
        }
    }
}
