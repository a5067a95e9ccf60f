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
 * The hub's own CPU per delivery: {@link Subscriber#deliver} as a lane calls it, to streams whose output
 * is always ready and only takes the length of the chunk it is handed (so the socket write is left out;
 * making the chunk is not).
 *
 * <p>One operation is what a lane does with one batch: the batch of {@code batch} events (fresh ones,
 * later in the log each time) to each of the {@code subscribers} streams, one write per stream, including
 * the lane's once-per-batch work (joining the batch's frames, making their chunk). The events and their
 * frames are made before each operation, untimed: that is the log's and the dispatcher's work, once per
 * event however many streams there are (see {@code io.ssehub.jmh.EncodingJmh}).
 *
 * <p>Besides the time per operation (per batch to every stream), JMH reports {@code fanOut:delivery}, the
 * time per delivery (one batch to one stream, one write), and {@code fanOut:eventDelivery}, the time per
 * event per stream.
 *
 * <p>Subscribers are built as {@link Fanout#subscribe} builds them (every topic, open-ended,
 * added to a {@link Lane} whose thread is never started, opened with a greeting and an empty replay).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanoutJmh {

    private static final String TOPIC = "prices";
    private static final String DATA =
            "{\"symbol\":\"ACME\",\"price\":123.5,\"volume\":1200,\"venue\":\"XNAS\",\"ts\":\"2025-06-01T12:00:00.123Z\",\"seq\":7}";
    private static final Instant PUBLISHED = Instant.parse("2025-06-01T12:00:00Z");
    private static final String RUN = "k3x9q2m7fa-";

    /** Streams on the lane. */
    @Param({"100", "1000", "10000"})
    public int subscribers;

    /** Events delivered together (one coalesced write per stream). */
    @Param({"1", "10"})
    public int batch;

    private Subscriber[] streams;
    private CountingOutput[] outputs;
    private final Batch current = new Batch();
    private int[] writtenNow;
    private long position;
    private long batches;
    private final Watcher listener = new Watcher();

    /** Deliveries and event deliveries made, for JMH to report the time per each. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        /** One batch to one stream, in one write. */
        public long delivery;
        /** One event to one stream. */
        public long eventDelivery;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Lane lane = new Lane("ssehub-lane-jmh", FanoutObserver.NONE, (thread, error) -> {
            throw new IllegalStateException(thread.getName() + " died", error);
        });
        Subscriber.Commons commons = new Subscriber.Commons(new QueueLimits(1000, 1 << 20),
                new Notices(Duration.ofSeconds(3)), Clock.systemUTC(), listener);
        SseFrame greeting = SseFrame.retry(Duration.ofSeconds(3));
        streams = new Subscriber[subscribers];
        outputs = new CountingOutput[subscribers];
        for (int i = 0; i < subscribers; i++) {
            CountingOutput output = new CountingOutput();
            Subscriber subscriber = new Subscriber(output, Subscription.everything(), StreamTerms.openEnded(), commons,
                    lane);
            lane.add(subscriber);
            subscriber.open(greeting, Replay.continuous(List.of()), null, Long.MIN_VALUE);
            outputs[i] = output;
            streams[i] = subscriber;
        }
        writtenNow = new int[Math.max(16, batch)];
    }

    /** What the dispatcher hands the lane: the next events of the log, each encoded once. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        current.clear();
        for (int i = 0; i < batch; i++) {
            position++;
            String id = RUN + position;
            current.add(new Event(new EventId(id, position), TOPIC, TOPIC, DATA, Optional.empty(), PUBLISHED),
                    SseFrame.event(id, TOPIC, DATA, null));
        }
        batches++;
    }

    /** One batch to every stream, as {@code Lane.deliver} does it. */
    @Benchmark
    public int fanOut(Counts counts) {
        Arrays.fill(writtenNow, 0, batch, 0);
        for (int i = 0; i < streams.length; i++) {
            streams[i].deliver(current, writtenNow);
        }
        for (int i = 0; i < batch; i++) {
            if (writtenNow[i] > 0) {
                FanoutObserver.NONE.delivered(current.event(i), writtenNow[i]);
            }
        }
        counts.delivery += subscribers;
        counts.eventDelivery += (long) subscribers * batch;
        return writtenNow[batch - 1];
    }

    /** Every stream got every batch, in one write each, and none was cut or closed. */
    @TearDown(Level.Trial)
    public void check() {
        if (listener.calls != 0) {
            throw new IllegalStateException("a subscriber was cut or closed");
        }
        int expectedBytes = SseFrame.chunk(current.all()).length;
        for (int i = 0; i < subscribers; i++) {
            CountingOutput output = outputs[i];
            // The opening write, then one per batch.
            if (output.writes != 1 + batches || output.lastBytes != expectedBytes) {
                throw new IllegalStateException("stream " + i + ": " + output.writes + " writes, expected "
                        + (1 + batches) + "; last " + output.lastBytes + " bytes, expected " + expectedBytes);
            }
        }
    }

    /** Always ready; counts what it is handed, as the chunk a runtime would write. */
    private static final class CountingOutput extends AlwaysReadyOutput {
        long bytes;
        long writes;
        int lastBytes;

        @Override
        public void write(List<SseFrame> frames) {
            lastBytes = SseFrame.chunk(frames).length;
            bytes += lastBytes;
            writes++;
        }
    }

    /** Nothing is cut or closed while measuring; a call means the figures are not of the hot path. */
    private static final class Watcher implements FanoutObserver {
        int calls;

        @Override
        public void cut(FanoutObserver.CutReason reason) {
            calls++;
        }

        @Override
        public void streamClosed(java.util.Set<String> topics) {
            calls++;
        }
    }
}
