package io.ssehub.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code GET} event stream over a plain socket, HTTP/1.1, read block by block: nothing between the
 * test and the wire, so a connection closed before any response byte is seen as exactly that (an HTTP
 * client library may retry an idempotent GET and hide it). Each blank-line-terminated block of the
 * dechunked body is one list of lines; comments and keep-alives included.
 */
public final class RawEventStream implements AutoCloseable {

    /** The server closed the connection, or reset it, before it sent one byte of a response. */
    public static final class NoResponse extends IOException {
        NoResponse(String message) {
            super(message);
        }
    }

    /** CR LF CR LF, as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0d0a0d0a;

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final boolean chunked;
    private final ChunkedBody chunks = new ChunkedBody();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private List<String> lines = new ArrayList<>();
    private final ArrayDeque<List<String>> blocks = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];

    private RawEventStream(Socket socket, InputStream in, int status, boolean chunked) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.chunked = chunked;
    }

    /**
     * Connects to {@code base}'s host and port, asks for {@code pathAndQuery} and reads the response head.
     *
     * @throws NoResponse when the connection ends before a response begins
     */
    public static RawEventStream open(URI base, String pathAndQuery, Duration wait) throws IOException {
        return open(base, pathAndQuery, Optional.empty(), "", wait);
    }

    /**
     * As {@link #open(URI, String, Duration)}, from the local address {@code from} when given, with
     * {@code headerLines} (each ending in CRLF) added to the request as they are.
     */
    public static RawEventStream open(URI base, String pathAndQuery, Optional<InetAddress> from, String headerLines,
                                      Duration wait) throws IOException {
        Socket socket = new Socket();
        try {
            if (from.isPresent()) {
                socket.bind(new InetSocketAddress(from.get(), 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) wait.toMillis());
            socket.setSoTimeout((int) wait.toMillis());
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nAccept: text/event-stream\r\n" + headerLines + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked");
            return new RawEventStream(socket, in, status, chunked);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != END_OF_HEAD) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (head.size() == 0) {
                    throw new NoResponse("connection failed before a response: " + e);
                }
                throw e;
            }
            if (b < 0) {
                if (head.size() == 0) {
                    throw new NoResponse("connection closed with no response");
                }
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public int status() {
        return status;
    }

    /**
     * The next block, waiting at most {@code wait} for it; null when the response or the connection ended.
     *
     * @throws SocketTimeoutException when nothing completing a block arrived in time
     */
    public List<String> next(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (blocks.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no block within " + wait);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int read = in.read(buffer);
            if (read < 0 || chunks.done()) {
                return null;
            }
            if (chunked) {
                try {
                    chunks.feed(buffer, 0, read, this::body);
                } catch (ChunkedBody.MalformedChunk e) {
                    throw new IOException("malformed chunked body: " + e.getMessage(), e);
                }
            } else {
                body(buffer, 0, read);
            }
        }
        return blocks.poll();
    }

    private void body(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (line.size() == 0) {
                    if (!lines.isEmpty()) {
                        blocks.add(lines);
                        lines = new ArrayList<>();
                    }
                } else {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            } else if (b != '\r') {
                line.write(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
