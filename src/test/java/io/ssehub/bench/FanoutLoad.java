package io.ssehub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the fan-out: N subscribers on non-blocking sockets (one thread), one publisher at a
 * fixed rate over HTTP, against a hub running in another process. Prints, per scenario: events delivered
 * and lost, publish-to-receive latency (p50/p99/max, from the publisher's {@code System.nanoTime()}, which
 * on Linux is CLOCK_MONOTONIC and shared by every process), and the hub's CPU time per delivered event,
 * read from {@code /proc/<pid>/stat}.
 *
 * <p>Usage: {@code FanoutLoad <hub-url> <hub-pid> <subscribers> <events-per-second> <seconds>}.
 */
public final class FanoutLoad {

    private static final String TOPIC = "bench";
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final int WARM_UP_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        URI hub = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        int subscribers = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        System.out.println(new FanoutLoad(hub, pid).run(subscribers, rate, seconds));
    }

    private final URI hub;
    private final long hubPid;

    FanoutLoad(URI hub, long hubPid) {
        this.hub = hub;
        this.hubPid = hubPid;
    }

    String run(int subscriberCount, int rate, int seconds) throws Exception {
        Selector selector = Selector.open();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < subscriberCount; i++) {
            subscribers.add(Subscriber.connect(hub, selector));
        }
        Reader reader = new Reader(selector, subscribers);
        Thread readerThread = new Thread(reader, "bench-reader");
        readerThread.start();
        awaitAllOpen(subscribers);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong published = new AtomicLong();
        // Warm-up: the same load for a few seconds, so the JIT has compiled the hot path before measuring.
        publishAtRate(http, published, rate, rate * WARM_UP_SECONDS, subscribers);
        reader.reset();
        long receivedBefore = subscribers.stream().mapToLong(s -> s.received).sum();

        long cpuBefore = hubCpuTicks();
        long rssBefore = hubRssKb();
        int events = rate * seconds;
        long started = System.nanoTime();
        publishAtRate(http, published, rate, events, subscribers);
        long publishSeconds = System.nanoTime() - started;
        long cpuAfter = hubCpuTicks();
        long rssAfter = hubRssKb();
        reader.stop();
        readerThread.join();
        for (Subscriber subscriber : subscribers) {
            subscriber.channel.close();
        }

        long delivered = subscribers.stream().mapToLong(s -> s.received).sum() - receivedBefore;
        long expected = (long) events * subscriberCount;
        long outOfOrder = subscribers.stream().mapToLong(s -> s.outOfOrder).sum();
        long[] latencies = reader.latencies();
        Arrays.sort(latencies);
        double cpuMicros = (cpuAfter - cpuBefore) * (1_000_000.0 / CLOCK_TICKS_PER_SECOND);
        return String.format(Locale.ROOT,
                "subscribers=%d rate=%d/s events=%d delivered=%d lost=%d out-of-order=%d "
                        + "latency-ms p50=%.2f p99=%.2f max=%.2f hub-cpu-us-per-delivery=%.2f hub-rss-mb=%d->%d achieved-rate=%.0f/s",
                subscriberCount, rate, events, delivered, expected - delivered, outOfOrder,
                percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0),
                delivered == 0 ? Double.NaN : cpuMicros / delivered, rssBefore / 1024, rssAfter / 1024,
                events / (publishSeconds / 1e9));
    }

    /** Publishes {@code count} more events at {@code rate}, then waits (bounded) for every subscriber to have them. */
    private void publishAtRate(HttpClient http, AtomicLong published, int rate, long count, List<Subscriber> subscribers)
            throws InterruptedException {
        long target = published.get() + count;
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(() -> {
            long n = published.get();
            if (n < target) {
                publish(http, n);
                published.incrementAndGet();
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        while (published.get() < target) {
            Thread.sleep(50); // pacing this loop, not synchronising a test
        }
        publisher.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s -> s.lastN < target - 1)) {
            Thread.sleep(20);
        }
    }

    private void publish(HttpClient http, long n) {
        String body = "{\"topic\":\"" + TOPIC + "\",\"type\":\"tick\",\"data\":{\"n\":" + n + ",\"at\":" + System.nanoTime()
                + ",\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(hub.resolve("events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 201) {
                System.err.println("publish answered " + response.statusCode());
            }
        } catch (IOException e) {
            System.err.println("publish failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitAllOpen(List<Subscriber> subscribers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (subscribers.stream().anyMatch(s -> !s.open)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscribers did not all open within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private long hubCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + hubPid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    }

    private long hubRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + hubPid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One stream: its socket and what it has seen. Touched only by the reader thread (and read after it stops). */
    static final class Subscriber {
        final SocketChannel channel;
        final StringBuilder pending = new StringBuilder();
        final ChunkedBody body = new ChunkedBody();
        volatile boolean open;
        volatile long received;
        long outOfOrder;
        volatile long lastN = -1;

        private Subscriber(SocketChannel channel) {
            this.channel = channel;
        }

        static Subscriber connect(URI hub, Selector selector) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(hub.getHost(), hub.getPort()));
            String request = "GET " + hub.getPath() + "events?topic=" + TOPIC + " HTTP/1.1\r\nHost: " + hub.getHost()
                    + "\r\nAccept: text/event-stream\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            Subscriber subscriber = new Subscriber(channel);
            channel.register(selector, SelectionKey.OP_READ, subscriber);
            return subscriber;
        }
    }

    /** Reads every socket on one thread; records latency per received event. */
    static final class Reader implements Runnable {
        private final Selector selector;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private long[] latencies = new long[1 << 20];
        private int count;
        private volatile boolean running = true;
        private volatile boolean resetRequested;

        Reader(Selector selector, List<Subscriber> subscribers) {
            this.selector = selector;
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        /** Forgets the latencies recorded so far (the warm-up's). */
        void reset() {
            resetRequested = true;
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, count);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        read((Subscriber) key.attachment());
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void read(Subscriber subscriber) throws IOException {
            buffer.clear();
            int n = subscriber.channel.read(buffer);
            if (n <= 0) {
                return;
            }
            long now = System.nanoTime();
            subscriber.body.feed(buffer.array(), n, subscriber.pending);
            if (!subscriber.open && subscriber.pending.indexOf("retry: ") >= 0) {
                subscriber.open = true;
            }
            // Only whole events (ended by a blank line) are parsed; the rest waits for the next read.
            int complete = subscriber.pending.lastIndexOf("\n\n");
            if (complete < 0) {
                return;
            }
            String events = subscriber.pending.substring(0, complete + 2);
            subscriber.pending.delete(0, complete + 2);
            int from = 0;
            while (true) {
                int nAt = events.indexOf("{\"n\":", from);
                if (nAt < 0) {
                    break;
                }
                int at = events.indexOf(",\"at\":", nAt);
                int end = events.indexOf(',', at + 6);
                long sequence = Long.parseLong(events.substring(nAt + 5, at));
                long sentAt = Long.parseLong(events.substring(at + 6, end));
                if (sequence != subscriber.lastN + 1) {
                    subscriber.outOfOrder++;
                }
                subscriber.lastN = sequence;
                record(now - sentAt);
                subscriber.received++;
                from = end;
            }
        }

        private void record(long latency) {
            if (resetRequested) {
                count = 0;
                resetRequested = false;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }
    }
}
