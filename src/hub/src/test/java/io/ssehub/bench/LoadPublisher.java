package io.ssehub.bench;

import io.ssehub.testing.ChunkedBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@code total} events on a schedule: event {@code i} is due at {@code t0 + i/rate}; when
 * behind, due events go out at once, none is skipped. Requests are hand-written HTTP/1.1 POSTs over
 * {@code connections} keep-alive sockets, each with at most {@code depth} requests in flight (depth 1:
 * no pipelining), all on one thread with its own selector. Each body's data is
 * {@code s=<seq>;t=<System.nanoTime() at send>;} padded with {@code x} to a fixed length.
 *
 * <p>With several requests in flight the server may order concurrent events either way, so a lower seq
 * after a higher one is not by itself a fault. Before sending event {@code i} the publisher stores in
 * {@code floor[i]} the lowest seq not yet answered: every seq below it was answered before {@code i} was
 * sent, so a server must deliver it before {@code i}. Readers count a reordering only against that
 * (publishes that got no answer are ambiguous and skipped).
 */
final class LoadPublisher implements Runnable {

    /** Length of the data string; gives about 100 bytes per SSE frame with a 15-character id. */
    static final int DATA_LENGTH = 56;
    /** Flag in {@code floor[i]}: event i got no answer, so when the server ordered it is unknown. */
    static final int AMBIGUOUS = 1 << 30;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final InetSocketAddress address;
    private final byte[] head;
    private final LoadTopics topics;
    private final int topicOffset;
    private final byte[] request;
    private final int dataOffset;
    private final int rate;
    private final long total;
    private final int depth;
    private final Connection[] connections;
    private final Selector selector;
    private final long t0;
    private int roundRobin;
    private int outstanding;
    private long lastSuccessfulSend;
    private final BitSet answeredSeqs;
    private int lowestUnanswered;
    private final AtomicIntegerArray floor;

    final BitSet accepted;
    volatile long sent;
    volatile long answered;
    volatile long errors;
    volatile long firstSend;
    volatile long lastSend;
    volatile long reconnects;
    volatile long maxLateNanos;
    volatile String firstError;
    volatile boolean done;

    LoadPublisher(InetSocketAddress address, String hostHeader, String path, int rate, long total, int connections,
                  int depth, long t0, AtomicIntegerArray floor, LoadTopics topics) throws IOException {
        this.topics = topics;
        // Every topic name of a run has the same length, so every request has the same layout.
        byte[] topicStart = "{\"topic\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] bodyStart = (new String(topicStart, StandardCharsets.US_ASCII) + topics.ofEvent(0)
                + "\",\"type\":\"bench\",\"data\":\"").getBytes(StandardCharsets.US_ASCII);
        this.floor = floor;
        this.answeredSeqs = new BitSet((int) total);
        this.address = address;
        this.rate = rate;
        this.total = total;
        this.depth = depth;
        this.t0 = t0;
        this.accepted = new BitSet((int) total);
        int bodyLength = bodyStart.length + DATA_LENGTH + 2;
        this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.request = new byte[head.length + bodyLength];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(bodyStart, 0, request, head.length, bodyStart.length);
        this.dataOffset = head.length + bodyStart.length;
        this.topicOffset = head.length + topicStart.length;
        request[request.length - 2] = '"';
        request[request.length - 1] = '}';
        this.selector = Selector.open();
        this.connections = new Connection[connections];
        for (int i = 0; i < connections; i++) {
            this.connections[i] = new Connection();
            this.connections[i].open();
        }
    }

    long due(long i) {
        return t0 + i * 1_000_000_000L / rate;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            error("publisher died: " + e);
            e.printStackTrace();
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
            done = true;
        }
    }

    private void loop() throws IOException {
        long i = 0;
        long maxLate = 0;
        lastSuccessfulSend = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            while (i < total) {
                long due = due(i);
                if (due > now) {
                    break;
                }
                Connection c = idle();
                if (c == null) {
                    break;
                }
                maxLate = Math.max(maxLate, now - due);
                c.send(i);
                i++;
                sent = i;
                now = System.nanoTime();
            }
            maxLateNanos = maxLate;
            if (i >= total && outstanding == 0) {
                return;
            }
            if (now - lastSuccessfulSend > GIVE_UP_NANOS) {
                error("no answer for " + TimeUnit.NANOSECONDS.toSeconds(GIVE_UP_NANOS) + " s: giving up with "
                        + outstanding + " in flight and " + (total - i) + " unsent");
                errors += outstanding + (total - i);
                return;
            }
            long wait = i < total && idle() != null ? due(i) - now : TimeUnit.MILLISECONDS.toNanos(50);
            if (wait >= 1_000_000) {
                selector.select(this::ready, wait / 1_000_000);
            } else {
                selector.selectNow(this::ready);
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            for (Connection c : connections) {
                if (c.channel == null && System.nanoTime() >= c.retryAt) {
                    c.open();
                }
            }
        }
    }

    /** A publish without an answer: it may or may not have been published; readers skip its order check. */
    private void ambiguous(long seq) {
        int i = (int) seq;
        floor.set(i, floor.get(i) | AMBIGUOUS);
        answered(seq);
    }

    private void answered(long seq) {
        answeredSeqs.set((int) seq);
        if (seq == lowestUnanswered) {
            lowestUnanswered = answeredSeqs.nextClearBit(lowestUnanswered);
        }
    }

    private Connection idle() {
        Connection best = null;
        for (int k = 0; k < connections.length; k++) {
            Connection c = connections[(roundRobin + k) % connections.length];
            if (c.channel != null && c.pendingWrite == null && c.size < depth && (best == null || c.size < best.size)) {
                best = c;
                if (c.size == 0) {
                    break;
                }
            }
        }
        if (best != null) {
            roundRobin = (roundRobin + 1) % connections.length;
        }
        return best;
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        if (!key.isValid() || c.channel == null) {
            return;
        }
        try {
            if (key.isWritable() && c.pendingWrite != null) {
                c.channel.write(c.pendingWrite);
                if (!c.pendingWrite.hasRemaining()) {
                    c.pendingWrite = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                c.read();
            }
        } catch (IOException e) {
            c.broken("I/O: " + e.getMessage());
        }
    }

    private void error(String message) {
        if (firstError == null) {
            firstError = message;
            System.err.println("publisher: " + message);
        }
    }

    private static int writeDigits(byte[] to, int at, long value) {
        if (value < 0) {
            to[at++] = '-';
            value = -value;
        }
        int start = at;
        do {
            to[at++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int a = start, b = at - 1; a < b; a++, b--) {
            byte t = to[a];
            to[a] = to[b];
            to[b] = t;
        }
        return at;
    }

    /** One keep-alive socket and the responses it owes. */
    private final class Connection {
        SocketChannel channel;
        SelectionKey key;
        long retryAt;
        ByteBuffer pendingWrite;
        final long[] inFlight = new long[depth];
        int first;
        int size;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        // response parse state
        int status = -1;
        long contentLength;
        boolean chunked;
        boolean closeAfter;
        final ChunkedBody chunks = new ChunkedBody();
        int headScan;

        void open() {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address); // blocking: loopback, microseconds
                ch.configureBlocking(false);
                channel = ch;
                key = ch.register(selector, SelectionKey.OP_READ, this);
                in.clear();
                status = -1;
                headScan = 0;
            } catch (IOException e) {
                error("connect: " + e.getMessage());
                retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            }
        }

        void send(long seq) {
            if (topics.routed()) {
                writeAscii(request, topicOffset, topics.ofEvent(seq));
            }
            int at = writeDigits(request, writeAscii(request, dataOffset, "s="), seq);
            at = writeAscii(request, at, ";t=");
            long t = System.nanoTime();
            at = writeDigits(request, at, t);
            request[at++] = ';';
            Arrays.fill(request, at, dataOffset + DATA_LENGTH, (byte) 'x');
            floor.set((int) seq, lowestUnanswered);
            inFlight[(first + size) % depth] = seq;
            size++;
            outstanding++;
            if (seq == 0) {
                firstSend = t;
            }
            lastSend = t;
            try {
                ByteBuffer out = ByteBuffer.wrap(request);
                channel.write(out);
                if (out.hasRemaining()) {
                    pendingWrite = ByteBuffer.wrap(Arrays.copyOfRange(request, out.position(), request.length));
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                broken("write: " + e.getMessage());
            }
        }

        private static int writeAscii(byte[] to, int at, String s) {
            for (int k = 0; k < s.length(); k++) {
                to[at++] = (byte) s.charAt(k);
            }
            return at;
        }

        void read() throws IOException {
            SocketChannel ch = channel;
            int n = ch.read(in);
            if (n < 0) {
                broken("server closed the connection");
                return;
            }
            in.flip();
            while (channel == ch && parse()) {
                // one response complete per round
            }
            if (channel != ch) {
                return; // reopened: the buffer belongs to the new connection
            }
            in.compact();
            if (!in.hasRemaining()) {
                broken("response head over " + in.capacity() + " bytes");
            }
        }

        /** Consumes what it can of {@code in}; returns true when a response completed and more may follow. */
        private boolean parse() {
            if (status < 0) {
                byte[] a = in.array();
                int start = in.position();
                int end = in.limit();
                int headEnd = -1;
                for (int k = Math.max(start + 3, start + headScan); k < end; k++) {
                    if (a[k] == '\n' && a[k - 1] == '\r' && a[k - 2] == '\n' && a[k - 3] == '\r') {
                        headEnd = k + 1;
                        break;
                    }
                }
                if (headEnd < 0) {
                    headScan = Math.max(0, end - start - 3);
                    return false;
                }
                headScan = 0;
                parseHead(new String(a, start, headEnd - start, StandardCharsets.ISO_8859_1));
                in.position(headEnd);
                if (status < 0) {
                    broken("not an HTTP response");
                    return false;
                }
                if (status >= 100 && status < 200) {
                    status = -1; // interim response: the real one follows
                    return true;
                }
                if (status == 204 || status == 304) {
                    contentLength = 0;
                    chunked = false;
                }
            }
            if (chunked) {
                try {
                    int used = chunks.feed(in.array(), in.position(), in.remaining(), (b, o, l) -> { });
                    in.position(in.position() + used);
                } catch (ChunkedBody.MalformedChunk e) {
                    broken("bad chunked response: " + e.getMessage());
                    return false;
                }
                if (!chunks.done()) {
                    return false;
                }
            } else if (contentLength >= 0) {
                int take = (int) Math.min(contentLength, in.remaining());
                in.position(in.position() + take);
                contentLength -= take;
                if (contentLength > 0) {
                    return false;
                }
            } else {
                in.position(in.limit()); // body delimited by close: wait for it
                return false;
            }
            complete();
            return channel != null && in.hasRemaining();
        }

        private void parseHead(String text) {
            String[] lines = text.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            status = -1;
            contentLength = -1;
            chunked = false;
            closeAfter = false;
            chunks.reset();
            try {
                if (statusLine[0].startsWith("HTTP/")) {
                    status = Integer.parseInt(statusLine[1]);
                }
            } catch (RuntimeException e) {
                return;
            }
            for (int k = 1; k < lines.length; k++) {
                int colon = lines[k].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[k].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> closeAfter = value.contains("close");
                    default -> {
                    }
                }
            }
            if (status >= 300 || status < 200) {
                error("answered " + lines[0]);
            }
        }

        private void complete() {
            long seq = inFlight[first];
            answered(seq);
            first = (first + 1) % depth;
            size--;
            outstanding--;
            answered++;
            if (status >= 200 && status < 300) {
                accepted.set((int) seq);
                lastSuccessfulSend = System.nanoTime();
            } else {
                errors++;
            }
            status = -1;
            if (closeAfter) {
                // Requests pipelined behind a "Connection: close" response should not have been processed
                // (RFC 9112, 9.6), but some servers do process them (Grizzly does, at its keep-alive request
                // limit): sending them again would make duplicates. They count as failed publishes; if they
                // arrive anyway they show as delivered_unacknowledged.
                failInFlight();
            }
        }

        /** The connection failed: what it had in flight is counted as failed (it may or may not have been published). */
        void broken(String why) {
            if (channel == null) {
                return;
            }
            if (size > 0 || !why.startsWith("server closed")) {
                error(why);
            }
            failInFlight();
        }

        /** What is in flight counts as failed (it may or may not have been published); then a fresh connection. */
        private void failInFlight() {
            for (int k = 0; k < size; k++) {
                ambiguous(inFlight[(first + k) % depth]);
            }
            errors += size;
            outstanding -= size;
            size = 0;
            first = 0;
            reopen();
        }

        private void reopen() {
            close();
            reconnects++;
            pendingWrite = null;
            open();
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
                channel = null;
                key = null;
            }
        }
    }
}
