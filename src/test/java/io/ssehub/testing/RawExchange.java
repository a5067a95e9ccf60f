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
 * One connection on a bare socket, for requests no HTTP client library would send: conflicting framing
 * headers, bodies that stop half-way, HTTP/1.0. Reads what the server answers until it closes.
 */
public final class RawExchange implements AutoCloseable {

    private final Socket socket = new Socket();

    private RawExchange() {
    }

    public static RawExchange connect(URI hub) throws IOException {
        RawExchange exchange = new RawExchange();
        exchange.socket.connect(new InetSocketAddress(hub.getHost(), hub.getPort()), 5_000);
        return exchange;
    }

    /** Sends text as it is (ISO-8859-1, so every char is one byte). */
    public RawExchange send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Everything the server sends until it closes the connection; fails if it does not within {@code wait}. */
    public String readUntilClosed(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open past " + wait + "; it sent: "
                    + read.toString(StandardCharsets.ISO_8859_1), e);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until {@code marker} has arrived; returns everything read so far. */
    public String readUntil(String marker, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended before '" + marker + "': "
                        + read.toString(StandardCharsets.ISO_8859_1));
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** How many HTTP responses a transcript holds (status lines at the start of a response). */
    public static long responses(String transcript) {
        return transcript.lines().filter(line -> line.matches("HTTP/1\\.[01] [0-9]{3}.*")).count();
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
