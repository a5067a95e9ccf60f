package io.ssehub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client on a bare socket, for what well-behaved clients never do: stop reading, vanish without a
 * goodbye, or send requests no HTTP client library would (conflicting framing headers, bodies that stop
 * half-way, HTTP/1.0).
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket = new Socket();

    /** Connects with a tiny receive buffer, so the server's writes back up soon once it stops reading. */
    public static RawClient get(URI uri, String pathAndQuery) throws IOException {
        RawClient client = new RawClient();
        client.socket.setReceiveBufferSize(4096);
        client.socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                + "Accept: text/event-stream\r\n\r\n";
        client.socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        client.socket.getOutputStream().flush();
        return client;
    }

    /** Connects with the system's default buffers; send the request with {@link #send}. */
    public static RawClient connect(URI uri) throws IOException {
        RawClient client = new RawClient();
        client.socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        return client;
    }

    /** Sends text as it is (ISO-8859-1, so every char is one byte). */
    public RawClient send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Everything the server sends until it closes the connection; fails if it does not within {@code wait}. */
    public String readUntilClosed(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open past " + wait + "; it sent: "
                    + read.toString(StandardCharsets.ISO_8859_1), e);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** How many HTTP responses a transcript holds (status lines at the start of a response). */
    public static long responses(String transcript) {
        return transcript.lines().filter(line -> line.matches("HTTP/1\\.[01] [0-9]{3}.*")).count();
    }

    /** Reads until {@code marker} has been seen; returns what was read. */
    public String readUntil(String marker, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!read.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before " + marker + "; it sent: " + read.toString(StandardCharsets.UTF_8));
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads until the server ends the response (its last chunk; the connection itself may stay open for
     * the next request) or closes the connection; returns the body with its chunking undone.
     */
    public String readBodyToEnd(Duration wait) throws IOException {
        return dechunk(readToEnd(wait).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Everything on the wire until the last chunk or the connection's end, head and chunk sizes included. */
    private String readToEnd(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
                if (endsWithLastChunk(read)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the stream within " + wait
                    + " (" + read.size() + " bytes read)", e);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean endsWithLastChunk(ByteArrayOutputStream read) {
        byte[] last = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        if (read.size() < last.length) {
            return false;
        }
        byte[] bytes = read.toByteArray();
        for (int i = 0; i < last.length; i++) {
            if (bytes[bytes.length - last.length + i] != last[i]) {
                return false;
            }
        }
        return true;
    }

    /** Undoes HTTP/1.1 chunked transfer coding (RFC 9112, section 7.1); tolerates a missing last chunk. */
    private static String dechunk(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\n\r\n");
        if (at < 0) {
            throw new AssertionError("no complete response head in " + text);
        }
        at += 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (at < wire.length) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            int end = Math.min(wire.length, start + size);
            body.write(wire, start, end - start);
            at = end + 2;
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Vanishes: a reset instead of an orderly close, as when a phone loses its network. */
    public void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
