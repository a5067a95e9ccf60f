package io.ssehub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replay storm: a retained history published first, then clients that all resume at once from its
 * oldest event ({@code Last-Event-ID}) on a topic of their own. Each is read on its own thread as fast as
 * it goes (default receive buffers, as clients on the same machine have), so nothing but the server
 * paces the replays. A client's replay is whole when the last history event, which ends with
 * {@link #END}, has arrived.
 */
final class LoadStorm {

    static final String TOPIC = "history";
    /** Ends the data of the newest history event, so a client sees that its replay is whole without parsing it. */
    private static final String END = "END-OF-HISTORY";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /** The first and the newest id of the published history. */
    record History(String firstId, String lastId) {
    }

    private final Client[] clients;
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch whole;
    private volatile long startedAt;
    private volatile boolean closing;

    /**
     * Publishes {@code count} events of about {@code eventBytes} of data each on {@link #TOPIC}, one after
     * another, and returns the first and last id the server gave them.
     */
    static History publishHistory(URI events, int count, int eventBytes) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String pad = "x".repeat(Math.max(0, eventBytes - 32));
        String first = null;
        String last = null;
        for (int n = 0; n < count; n++) {
            String data = "n=" + n + ";" + pad + (n == count - 1 ? END : "");
            HttpRequest request = HttpRequest.newBuilder(events)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"topic\":\"" + TOPIC + "\",\"type\":\"" + TOPIC + "\",\"data\":\"" + data + "\"}"))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() / 100 != 2 || !id.find()) {
                throw new IllegalStateException("publishing history event " + n + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            last = id.group(1);
            if (first == null) {
                first = last;
            }
        }
        return new History(first, last);
    }

    /** Makes {@code count} clients, each on its own thread, that resume after {@code resumeAfter} once {@link #start}ed. */
    LoadStorm(InetSocketAddress address, String hostHeader, String eventsPath, int count, String resumeAfter) {
        byte[] request = ("GET " + eventsPath + "?topic=" + TOPIC + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nAccept: text/event-stream\r\nLast-Event-ID: " + resumeAfter + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.clients = new Client[count];
        this.whole = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            clients[i] = new Client(address, request);
            Thread thread = new Thread(clients[i], "load-storm-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Every client connects and resumes now. */
    void start() {
        startedAt = System.nanoTime();
        go.countDown();
    }

    /** Waits until every replay is whole or {@code deadline} (nanoTime) passes; @return how many are whole. */
    int awaitWhole(long deadline) throws InterruptedException {
        whole.await(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        return wholeCount();
    }

    int wholeCount() {
        return (int) Arrays.stream(clients).filter(c -> c.wholeAt > 0).count();
    }

    /** Seconds from the start until the given share (0..1] of the clients had their whole replay; null if they did not. */
    Double secondsUntilWhole(double share) {
        long[] times = Arrays.stream(clients).mapToLong(c -> c.wholeAt).filter(t -> t > 0).sorted().toArray();
        int needed = (int) Math.ceil(share * clients.length);
        return needed < 1 || times.length < needed ? null : (times[needed - 1] - startedAt) / 1e9;
    }

    long bytes() {
        return Arrays.stream(clients).mapToLong(c -> c.bytes.get()).sum();
    }

    String problem() {
        return Arrays.stream(clients).map(c -> c.problem).filter(p -> p != null).findFirst().orElse(null);
    }

    void close() {
        closing = true;
        for (Client client : clients) {
            client.close();
        }
    }

    private final class Client implements Runnable {

        private final InetSocketAddress address;
        private final byte[] request;
        private final Socket socket = new Socket();
        private final AtomicLong bytes = new AtomicLong();
        /** The last bytes read, where the end of the history shows once the replay is whole. */
        private final byte[] tail = new byte[128];
        private volatile long wholeAt;
        private volatile String problem;

        Client(InetSocketAddress address, byte[] request) {
            this.address = address;
            this.request = request;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[256 * 1024];
            byte[] end = END.getBytes(StandardCharsets.US_ASCII);
            try {
                go.await();
                socket.connect(address);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    bytes.addAndGet(n);
                    if (wholeAt == 0 && endsWithin(buffer, n, end)) {
                        wholeAt = System.nanoTime();
                        whole.countDown();
                    }
                }
                if (wholeAt == 0) {
                    problem = "a storm client's stream ended before its replay was whole";
                }
            } catch (IOException e) {
                if (!closing) {
                    problem = "storm client: " + e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether the end marker is among the last bytes read so far (it is followed by the frame's end only). */
        private boolean endsWithin(byte[] read, int n, byte[] end) {
            int keep = Math.min(n, tail.length);
            System.arraycopy(tail, keep, tail, 0, tail.length - keep);
            System.arraycopy(read, n - keep, tail, tail.length - keep, keep);
            outer:
            for (int at = 0; at + end.length <= tail.length; at++) {
                for (int i = 0; i < end.length; i++) {
                    if (tail[at + i] != end[i]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
