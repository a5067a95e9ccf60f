package io.ssehub.eventlog.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.ssehub.eventlog.RemoteLogStats;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The log's own counts, written by the threads that run its commands and its tail, and by Lettuce's when a
 * connection (re)connects. Thread-safe.
 */
final class RedisLogStats implements RemoteLogStats, RedisConnectionStateListener {

    private final ReplayWindow window;
    /** The highest sequence this node knows the log holds, in the window's epoch or a newer one. */
    private final AtomicLong top = new AtomicLong();
    private final LongAdder connected = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder epochChanges = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder commandNanos = new LongAdder();

    RedisLogStats(ReplayWindow window) {
        this.window = window;
    }

    /** Times one command, other than a blocking read, whether it answers or fails. */
    <T> T timed(Supplier<T> command) {
        long start = System.nanoTime();
        try {
            return command.get();
        } finally {
            commandNanos.add(System.nanoTime() - start);
            commands.increment();
        }
    }

    /** As {@link #timed(Supplier)}, for a command answered later: timed until its answer. */
    <T> CompletionStage<T> timedAsync(Supplier<CompletionStage<T>> command) {
        long start = System.nanoTime();
        CompletionStage<T> answer;
        try {
            answer = command.get();
        } catch (RuntimeException e) {
            commandNanos.add(System.nanoTime() - start);
            commands.increment();
            throw e;
        }
        return answer.whenComplete((result, failure) -> {
            commandNanos.add(System.nanoTime() - start);
            commands.increment();
        });
    }

    void sawHead(LogHead head) {
        top.accumulateAndGet(head.sequence(), Math::max);
    }

    void epochChanged(LogHead head) {
        epochChanges.increment();
        top.set(head.sequence());
    }

    /** A connection of the log's own was opened (its first connect is not a reconnect). */
    void opened() {
        connectionsOpened.increment();
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
        connected.increment();
    }

    @Override
    public long tailLag() {
        long tail = window.newest().map(id -> id.position()).orElse(0L);
        return Math.max(0, top.get() - tail);
    }

    @Override
    public long reconnects() {
        return Math.max(0, connected.sum() - connectionsOpened.sum());
    }

    @Override
    public long epochChanges() {
        return epochChanges.sum();
    }

    @Override
    public long commands() {
        return commands.sum();
    }

    @Override
    public double commandSeconds() {
        return commandNanos.sum() / 1e9;
    }
}
