package io.ssehub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that owns every subscriber socket: opens them (at most {@code connectWindow} connecting or
 * awaiting their head at once, so thousands open fast without overflowing the server's SYN or accept
 * queue), reads and parses every stream, reconnects a stream the server ended (with {@code Last-Event-ID}),
 * retries 503s after their {@code Retry-After}, and records what arrives.
 *
 * <p>Other threads see only the volatile counters below, or run code on this thread with {@link #call}.
 */
final class LoadReader implements Runnable {

    private static final int MAX_CONSECUTIVE_FAILURES = 30;

    private final Selector selector;
    private final InetSocketAddress address;
    private final byte[] requestPrefix;
    private final String path;
    private final String requestRest;
    final LoadTopics topics;
    private final int connectWindow;
    volatile long pollNanos;
    final LoadSubscriber[] subscribers;
    private final ArrayDeque<LoadSubscriber> connectQueue = new ArrayDeque<>();
    private final PriorityQueue<LoadSubscriber> timers = new PriorityQueue<>(Comparator.comparingLong(s -> s.wakeAt));
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int inFlight;

    // measurement
    final LoadHistogram histogram = new LoadHistogram();
    private final long seqRange;
    private final long measureFromSeq;
    private final AtomicIntegerArray floor;
    private long now;
    private long framesCounter;
    long foreignEvents; // events whose seq is outside what this run publishes
    private int duplicateReports;
    volatile boolean died;
    long stalledBacklogBytes; // what the stalled subscribers still had to read at the end
    volatile long selects;
    volatile long reads;

    // for other threads (single writer: this thread)
    volatile boolean running = true;
    volatile boolean finishing;     // no more reconnects
    volatile int opened;            // subscribers that got a 200 at least once
    volatile int streaming;         // subscribers whose stream is open now
    volatile int failed;            // subscribers given up on
    volatile long frames;           // events received by healthy subscribers, duplicates included
    volatile long reconnectCount;
    volatile long refusalCount;     // non-200 answers retried (503 over a limit, ...)
    volatile long connectErrors;
    volatile String lastProblem;

    LoadReader(InetSocketAddress address, String hostHeader, String path, int healthy, int stalled,
               long seqRange, long measureFromSeq, AtomicIntegerArray floor, int connectWindow, LoadTopics topics)
            throws IOException {
        this.topics = topics;
        this.path = path;
        this.floor = floor;
        this.selector = Selector.open();
        this.address = address;
        this.requestRest = " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\nUser-Agent: ssehub-FanoutLoad\r\n";
        this.requestPrefix = ("GET " + path + requestRest).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.connectWindow = connectWindow;
        this.seqRange = seqRange;
        this.measureFromSeq = measureFromSeq;
        this.subscribers = new LoadSubscriber[healthy + stalled];
        for (int i = 0; i < subscribers.length; i++) {
            subscribers[i] = new LoadSubscriber(i, i >= healthy, this, (int) seqRange);
            connectQueue.add(subscribers[i]);
        }
    }

    /** Runs {@code work} on the reader thread and returns its result. */
    <T> T call(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        selector.wakeup();
        return result.get(30, TimeUnit.SECONDS);
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            long loopStart = System.nanoTime();
            while (running) {
                if (pollNanos > 0) {
                    // at most one select per poll interval: events gather, one wake-up serves many streams
                    long idle = pollNanos - (System.nanoTime() - loopStart);
                    if (idle > 0) {
                        LockSupport.parkNanos(idle);
                    }
                    loopStart = System.nanoTime();
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                startConnects();
                long timeout = 100;
                LoadSubscriber next = timers.peek();
                if (next != null) {
                    timeout = Math.max(1, Math.min(timeout, (next.wakeAt - System.nanoTime()) / 1_000_000 + 1));
                }
                selector.select(this::ready, timeout);
                selects++;
                fireTimers();
            }
        } catch (IOException | RuntimeException e) {
            lastProblem = "reader thread died: " + e;
            died = true;
            e.printStackTrace();
        }
    }

    // ---------------------------------------------------------------- connecting

    private void startConnects() {
        while (inFlight < connectWindow && !connectQueue.isEmpty() && !finishing) {
            connect(connectQueue.poll());
        }
    }

    private void connect(LoadSubscriber s) {
        s.resetResponse();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (s.stalled) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect, so the window is small
            }
            s.channel = channel;
            s.inFlight = true;
            inFlight++;
            if (channel.connect(address)) {
                s.key = channel.register(selector, 0, s);
                sendRequest(s);
            } else {
                s.phase = LoadSubscriber.CONNECTING;
                s.key = channel.register(selector, SelectionKey.OP_CONNECT, s);
            }
        } catch (IOException e) {
            connectErrors++;
            lost(s, "connect: " + e.getMessage(), false);
        }
    }

    private void sendRequest(LoadSubscriber s) throws IOException {
        s.phase = LoadSubscriber.REQUESTING;
        ByteBuffer request = ByteBuffer.wrap(s.request(prefixOf(s)));
        s.channel.write(request);
        if (request.hasRemaining()) {
            s.key.attach(new Object[] {s, request});
            s.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            s.phase = LoadSubscriber.HEAD;
            s.key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** The request line and headers of {@code s}'s GET: with its topic when the run has topics. */
    private byte[] prefixOf(LoadSubscriber s) {
        String topic = topics.ofStream(s.index);
        if (topic == null) {
            return requestPrefix;
        }
        return ("GET " + path + (path.contains("?") ? "&" : "?") + "topic=" + topic + requestRest).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void ready(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Object[] pair) { // a request still being written
            LoadSubscriber s = (LoadSubscriber) pair[0];
            ByteBuffer request = (ByteBuffer) pair[1];
            try {
                s.channel.write(request);
                if (!request.hasRemaining()) {
                    key.attach(s);
                    s.phase = LoadSubscriber.HEAD;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                lost(s, "write request: " + e.getMessage(), false);
            }
            return;
        }
        LoadSubscriber s = (LoadSubscriber) attachment;
        if (!key.isValid()) {
            return;
        }
        if (s.phase == LoadSubscriber.CONNECTING) {
            try {
                if (s.channel.finishConnect()) {
                    sendRequest(s);
                }
            } catch (IOException e) {
                connectErrors++;
                lost(s, "connect: " + e.getMessage(), false);
            }
            return;
        }
        read(s);
    }

    // ---------------------------------------------------------------- reading

    private void read(LoadSubscriber s) {
        for (int round = 0; round < 8; round++) {
            buffer.clear();
            int n;
            try {
                n = s.channel.read(buffer);
            } catch (IOException e) {
                lost(s, "read: " + e.getMessage(), s.phase == LoadSubscriber.STREAMING);
                return;
            }
            if (n < 0) {
                lost(s, s.phase == LoadSubscriber.STREAMING ? "server closed the stream" : "server closed before the head",
                        s.phase == LoadSubscriber.STREAMING);
                return;
            }
            if (n == 0) {
                return;
            }
            now = System.nanoTime();
            reads++;
            int result = s.feed(buffer.array(), 0, n);
            frames = framesCounter;
            switch (result) {
                case LoadSubscriber.HEAD_DONE -> {
                    opened(s);
                    if (s.stalled) {
                        s.phase = LoadSubscriber.HELD;
                        s.key.interestOps(0); // never read again until the end
                        return;
                    }
                }
                case LoadSubscriber.END -> {
                    lost(s, "the server ended the stream", true);
                    return;
                }
                case LoadSubscriber.REFUSED -> {
                    refused(s);
                    return;
                }
                case LoadSubscriber.BROKEN -> {
                    fail(s, s.failure);
                    return;
                }
                default -> {
                }
            }
            if (s.cutNotice && !s.stalled) {
                // "event: error": the server is cutting this stream; do not wait for its close
                lost(s, "cut by the server (event: error)", true);
                return;
            }
            if (n < buffer.capacity()) {
                return;
            }
        }
    }

    private void opened(LoadSubscriber s) {
        if (s.inFlight) {
            s.inFlight = false;
            inFlight--;
        }
        s.phase = LoadSubscriber.STREAMING;
        s.openedAt = now;
        s.consecutiveFailures = 0;
        streaming++;
        if (!s.everOpened) {
            s.everOpened = true;
            opened++;
        }
        if (s.contentType == null || !s.contentType.startsWith("text/event-stream")) {
            lastProblem = "subscriber " + s.index + " got Content-Type " + s.contentType;
        }
    }

    /** Called for each complete event carrying s= and t=. */
    void event(LoadSubscriber s, long seq, long sentAt) {
        if (s.stalled) {
            return;
        }
        if (seq < 0 || seq >= seqRange) {
            foreignEvents++;
            return;
        }
        framesCounter++;
        int i = (int) seq;
        if (s.received.get(i)) {
            if (s.duplicates++ == 0 && duplicateReports++ < 5) {
                System.err.printf("[FanoutLoad] duplicate: subscriber %d got seq %d again (max seq so far %d, id now %s, reconnects %d)%n",
                        s.index, seq, s.maxSeq, s.lastId(), s.reconnects);
            }
        } else {
            s.received.set(i);
            if (seq >= measureFromSeq) {
                histogram.record(now - sentAt);
            }
        }
        if (seq < s.maxSeq) {
            s.reorderedRaw++;
        } else {
            s.maxSeq = seq;
        }
        int f = floor.get(i);
        if ((f & LoadPublisher.AMBIGUOUS) != 0) {
            f &= ~LoadPublisher.AMBIGUOUS;
        } else if (seq < s.maxFloor) {
            s.reordered++; // the server had answered seq before a seq it delivered earlier was even sent
        }
        if (f > s.maxFloor) {
            s.maxFloor = f;
        }
    }

    // ---------------------------------------------------------------- losing a connection

    private void closeChannel(LoadSubscriber s) {
        if (s.inFlight) {
            s.inFlight = false;
            inFlight--;
        }
        if (s.phase == LoadSubscriber.STREAMING || s.phase == LoadSubscriber.HELD) {
            streaming--;
        }
        if (s.channel != null) {
            try {
                s.channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        s.channel = null;
        s.key = null;
        s.phase = LoadSubscriber.WAITING;
    }

    /** The connection ended or could not be made: reconnect (at once if it was streaming), unless finishing. */
    private void lost(LoadSubscriber s, String why, boolean wasStreaming) {
        boolean held = s.phase == LoadSubscriber.HELD;
        closeChannel(s);
        if (finishing || s.stalled && held) {
            s.phase = LoadSubscriber.CLOSED;
            return;
        }
        if (wasStreaming) {
            s.reconnects++;
            reconnectCount++;
            if (System.nanoTime() - s.openedAt > TimeUnit.SECONDS.toNanos(1)) {
                s.quickCuts = 0;
                connectQueue.addFirst(s); // resume at once
            } else {
                // ended within a second of opening: do not hammer a server that keeps ending streams
                later(s, TimeUnit.MILLISECONDS.toNanos(Math.min(1000, 10L << Math.min(7, s.quickCuts++))));
            }
            return;
        }
        lastProblem = "subscriber " + s.index + ": " + why;
        if (++s.consecutiveFailures > MAX_CONSECUTIVE_FAILURES) {
            fail(s, why + " (" + MAX_CONSECUTIVE_FAILURES + " times in a row)");
            return;
        }
        long backoffMs = Math.min(2000, 20L << Math.min(10, s.consecutiveFailures));
        later(s, TimeUnit.MILLISECONDS.toNanos(backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1)));
    }

    private void refused(LoadSubscriber s) {
        int status = s.status;
        long retryAfter = s.retryAfterSeconds;
        String head = s.headText(200);
        closeChannel(s);
        refusalCount++;
        s.refusals++;
        if (status == 503 || status == 429 || status == 502 || status == 504) {
            lastProblem = "subscriber " + s.index + ": " + head;
            if (++s.consecutiveFailures > MAX_CONSECUTIVE_FAILURES) {
                fail(s, "answered " + status + " " + MAX_CONSECUTIVE_FAILURES + " times in a row");
                return;
            }
            long delayMs = retryAfter >= 0 ? retryAfter * 1000 : Math.min(2000, 20L << Math.min(10, s.consecutiveFailures));
            delayMs = Math.max(50, delayMs);
            later(s, TimeUnit.MILLISECONDS.toNanos(delayMs + ThreadLocalRandom.current().nextLong(delayMs / 5 + 1)));
        } else {
            fail(s, "answered " + head);
        }
    }

    private void fail(LoadSubscriber s, String why) {
        closeChannel(s);
        s.phase = LoadSubscriber.CLOSED;
        s.failure = why;
        failed++;
        lastProblem = "subscriber " + s.index + " given up: " + why;
    }

    private void later(LoadSubscriber s, long delayNanos) {
        s.wakeAt = System.nanoTime() + delayNanos;
        timers.add(s);
    }

    private void fireTimers() {
        long t = System.nanoTime();
        for (LoadSubscriber s; (s = timers.peek()) != null && s.wakeAt <= t; ) {
            timers.poll();
            if (!finishing) {
                connectQueue.add(s);
            }
        }
    }

    // ---------------------------------------------------------------- the end (after run() has returned)

    /**
     * Reads what the stalled subscribers hold, to learn whether the server cut them: end of stream, a reset,
     * or an {@code event: error} means cut; data then silence means still open. Call after the thread stopped.
     *
     * @return how many stalled subscribers were cut
     */
    int checkStalled(long timeoutNanos) {
        int cut = 0;
        long before = 0;
        for (LoadSubscriber s : subscribers) {
            before += s.stalled ? s.bytes : 0;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        // A selector of its own: the reader's still has every healthy stream registered, ready with their heartbeats.
        try (Selector readable = Selector.open()) {
            for (LoadSubscriber s : subscribers) {
                if (!s.stalled) {
                    continue;
                }
                if (s.channel == null) {
                    cut += s.everOpened ? 1 : 0;
                    continue;
                }
                if (readUntilQuiet(s, readable, deadline)) {
                    cut++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a selector for the stalled subscribers", e);
        }
        long after = 0;
        for (LoadSubscriber s : subscribers) {
            after += s.stalled ? s.bytes : 0;
        }
        stalledBacklogBytes = after - before;
        return cut;
    }

    /**
     * Reads {@code s} until it ends or the server's cut notice arrives (true), or until it has been quiet for
     * 500 ms, the deadline passed or this thread was interrupted (false: as far as we know, still open). Between
     * reads it waits on {@code readable} for the socket to become readable, at most until the quiet period ends.
     */
    private boolean readUntilQuiet(LoadSubscriber s, Selector readable, long deadline) {
        SelectionKey key;
        try {
            key = s.channel.register(readable, SelectionKey.OP_READ);
        } catch (IOException e) {
            return true; // closed under us
        }
        try {
            long quietSince = System.nanoTime();
            while (!s.cutNotice && System.nanoTime() < deadline) {
                buffer.clear();
                int n = s.channel.read(buffer);
                if (n < 0) {
                    return true;
                }
                if (n > 0) {
                    s.feed(buffer.array(), 0, n);
                    quietSince = System.nanoTime();
                    continue;
                }
                long now = System.nanoTime();
                long quietLeft = quietSince + TimeUnit.MILLISECONDS.toNanos(500) - now;
                if (quietLeft <= 0) {
                    return false; // nothing more and not closed: still open
                }
                // select counts whole milliseconds, and 0 would mean no limit: round up
                readable.select(Math.max(1, (Math.min(quietLeft, deadline - now) + 999_999) / 1_000_000));
                readable.selectedKeys().clear();
                if (Thread.currentThread().isInterrupted()) {
                    return false; // select returns at once while the flag is set: stop here, and keep the flag
                }
            }
            return s.cutNotice;
        } catch (IOException e) {
            return true; // a reset
        } finally {
            key.cancel();
        }
    }

    /** Closes every socket. Call after the thread stopped. */
    void closeAll() {
        for (LoadSubscriber s : subscribers) {
            if (s.channel != null) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
                s.channel = null;
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
