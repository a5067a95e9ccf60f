package io.ssehub.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish rate: {@code --connections} keep-alive connections, each one thread sending its next publish as soon
 * as the last is answered (no pipelining, no schedule: as fast as the server answers), for {@code --warmup}
 * then {@code --seconds}, while {@code --subscribers} streams of the topic read every event. With
 * {@code --batch N} each request is a batch publish of N events ({@code POST /events/batch}, a JSON array).
 * Prints one JSON line: publishes (requests) and events per second, the server's CPU per publish and per
 * event over the measured seconds (from /proc, so the server's pid is needed) with the kernel's share of it and
 * what is left to the server's own code per publish, and the publish latency (from
 * the request's first byte sent to its answer's last byte read) of the requests answered in those seconds.
 *
 * <p>Requests are hand-written HTTP/1.1 with a fixed body, answers read by {@code Content-Length} or chunked
 * framing; every answer but 201 (200 for a peer that answers so) counts as an error, and the first is kept.
 */
public final class PublishLoad {

    private static final String TOPIC = "bench";
    /** Data of each event; about the size of FanoutLoad's events. */
    private static final String DATA = "\"" + "x".repeat(56) + "\"";

    private final InetSocketAddress address;
    private final String hostHeader;
    private final String eventsPath;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final List<LoadHistogram> latencies = new ArrayList<>();
    private volatile String firstError;
    private volatile boolean stopping;
    private volatile boolean measuring;

    private PublishLoad(URI url) {
        HubEndpoint hub = HubEndpoint.of(url);
        this.address = hub.address();
        this.hostHeader = hub.hostHeader();
        this.eventsPath = hub.path("events");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", options.getOrDefault("label", ""));
        out.put("mode", "publish");
        try {
            long pid = Long.parseLong(required(options, "pid"));
            PublishLoad load = new PublishLoad(URI.create(required(options, "url")));
            int connections = Integer.parseInt(options.getOrDefault("connections", "1"));
            int batch = Integer.parseInt(options.getOrDefault("batch", "0"));
            int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "1"));
            int seconds = Integer.parseInt(required(options, "seconds"));
            int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
            out.put("connections", connections);
            out.put("batch", batch);
            out.put("subscribers", subscribers);
            out.put("seconds", seconds);
            out.put("warmup", warmup);
            load.run(pid, connections, batch, subscribers, seconds, warmup, out);
        } catch (Exception e) {
            out.put("error", String.valueOf(e.getMessage()));
            System.out.println(FanoutLoad.json(out));
            System.exit(2);
        }
        System.out.println(FanoutLoad.json(out));
        System.out.flush();
        System.exit(0);
    }

    private static final java.util.Set<String> KNOWN =
            java.util.Set.of("url", "pid", "connections", "batch", "subscribers", "seconds", "warmup", "label");

    /** {@code --name value} pairs, each name one of {@link #KNOWN}. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!KNOWN.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: PublishLoad --url http://127.0.0.1:PORT/ --pid SERVER_PID "
                        + "--seconds S [--warmup 3] [--connections 1] [--batch 0] [--subscribers 1] [--label TEXT]");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private void run(long pid, int connections, int batch, int subscribers, int seconds, int warmup,
                     Map<String, Object> out) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Socket stream = open();
            send(stream, ("GET " + eventsPath + "?topic=" + TOPIC + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            threads.add(start("load-subscriber-" + i, () -> countEvents(stream.getInputStream())));
        }
        byte[] request = request(batch);
        for (int i = 0; i < connections; i++) {
            Socket connection = open();
            threads.add(start("load-publisher-" + i, () -> publish(connection, request)));
        }
        // The run's schedule, kept by a timer: the window opens once the warm-up is over and closes `seconds` later.
        Counts start;
        Counts end;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            start = at(clock, warmup, () -> {
                measuring = true;
                return counts(pid);
            });
            end = at(clock, seconds, () -> {
                measuring = false;
                return counts(pid);
            });
        } finally {
            clock.shutdownNow();
        }
        LoadProc.Cpu server0 = start.server();
        LoadProc.Cpu server1 = end.server();
        long done = end.requests() - start.requests();
        long delivered = end.received() - start.received();
        double wall = (end.nanos() - start.nanos()) / 1e9;
        stopping = true;
        int perRequest = Math.max(batch, 1);
        double serverCpuNs = server1.schedNs() - server0.schedNs();
        out.put("publishes_per_s", round(done / wall));
        out.put("events_per_s", round(done * perRequest / wall));
        out.put("delivered_per_s", round(delivered / wall));
        out.put("server_cpu_pct", round(100 * serverCpuNs / 1e9 / wall));
        out.put("server_cpu_us_per_publish", done == 0 ? null : round(serverCpuNs / 1e3 / done));
        out.put("server_cpu_us_per_event", done == 0 ? null : round(serverCpuNs / 1e3 / (done * perRequest)));
        // What the kernel spends per publish is the part no server's code removes: the floor shows its least.
        double kernelShare = server1.kernelShareSince(server0);
        out.put("server_kernel_share", Double.isNaN(kernelShare) ? null : Math.round(kernelShare * 1000) / 1000.0);
        out.put("server_user_us_per_publish", done == 0 || Double.isNaN(kernelShare) ? null
                : round(serverCpuNs * (1 - kernelShare) / 1e3 / done));
        LoadHistogram latency = mergedLatencies();
        out.put("publish_p50_ms", ms(latency.percentile(0.50)));
        out.put("publish_p99_ms", ms(latency.percentile(0.99)));
        out.put("publish_max_ms", ms(latency.max()));
        out.put("errors", errors.get());
        out.put("reconnects", reconnects.get());
        if (firstError != null) {
            out.put("error", firstError);
        }
    }

    /** The server's CPU and this run's counters at one instant of the schedule. */
    private record Counts(LoadProc.Cpu server, long requests, long received, long nanos) {
    }

    private Counts counts(long pid) {
        LoadProc.Cpu server = LoadProc.cpu(pid);
        return new Counts(server, requests.get(), received.get(), System.nanoTime());
    }

    /** Runs {@code work} on {@code clock} {@code seconds} from now and returns its result, once it has. */
    private static <T> T at(ScheduledExecutorService clock, int seconds, Callable<T> work) throws Exception {
        try {
            return clock.schedule(work, seconds, TimeUnit.SECONDS).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private byte[] request(int batch) {
        String event = "{\"topic\":\"" + TOPIC + "\",\"type\":\"bench\",\"data\":" + DATA + "}";
        String body = batch == 0 ? event : "[" + String.join(",", java.util.Collections.nCopies(batch, event)) + "]";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        String path = batch == 0 ? eventsPath : eventsPath + "/batch";
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        byte[] whole = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, whole, 0, head.length());
        System.arraycopy(bytes, 0, whole, head.length(), bytes.length);
        return whole;
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static Thread start(String name, ThrowingRunnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                // the run is over, or the server went away: the counts say what was done
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private interface ThrowingRunnable {
        void run() throws IOException;
    }

    /**
     * Sends, reads the answer, sends again: one request in flight, on one kept-alive connection, opened
     * again when the server closes it (Grizzly closes a connection after a number of requests).
     */
    private void publish(Socket first, byte[] request) throws IOException {
        LoadHistogram latency = new LoadHistogram();
        synchronized (latencies) {
            latencies.add(latency);
        }
        Socket connection = first;
        while (!stopping) {
            InputStream in = new BufferedInputStream(connection.getInputStream(), 16384);
            OutputStream out = connection.getOutputStream();
            boolean open = true;
            while (open && !stopping) {
                long sent = System.nanoTime();
                out.write(request);
                out.flush();
                Answer answer = readAnswer(in);
                if (measuring) {
                    // One lock per histogram, taken by its own thread and by the merge at the end only.
                    synchronized (latency) {
                        latency.record(System.nanoTime() - sent);
                    }
                }
                if (answer.status() == 201 || answer.status() == 200) {
                    requests.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    if (firstError == null) {
                        firstError = "answered " + answer.status();
                    }
                }
                open = !answer.closing();
            }
            connection.close();
            reconnects.incrementAndGet();
            connection = open();
        }
    }

    /** Every publisher's latencies in one histogram. */
    private LoadHistogram mergedLatencies() {
        LoadHistogram merged = new LoadHistogram();
        synchronized (latencies) {
            for (LoadHistogram latency : latencies) {
                synchronized (latency) {
                    merged.add(latency);
                }
            }
        }
        return merged;
    }

    private static Double ms(long nanos) {
        return nanos < 0 ? null : Math.round(nanos / 1e3) / 1e3;
    }

    private record Answer(int status, boolean closing) {
    }

    /** Reads one answer's head and body. */
    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are skipped
            }
        } else {
            skip(in, length);
        }
        return new Answer(status, closing);
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        for (long left = bytes; left > 0; left--) {
            if (in.read() < 0) {
                throw new IOException("connection closed in a body");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Counts events on a stream by their {@code data:} lines (each event here has one). */
    private void countEvents(InputStream stream) throws IOException {
        byte[] buffer = new byte[65536];
        int matched = 0;
        byte[] marker = "\ndata:".getBytes(StandardCharsets.US_ASCII);
        for (int n = stream.read(buffer); n >= 0 && !stopping; n = stream.read(buffer)) {
            for (int i = 0; i < n; i++) {
                matched = buffer[i] == marker[matched] ? matched + 1 : (buffer[i] == marker[0] ? 1 : 0);
                if (matched == marker.length) {
                    received.incrementAndGet();
                    matched = 0;
                }
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
