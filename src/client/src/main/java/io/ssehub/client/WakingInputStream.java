package io.ssehub.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * An event stream's body that can be abandoned while the hub is quiet.
 *
 * <p>Jersey's default connector reads through {@code HttpURLConnection}, whose read cannot be
 * interrupted and whose {@code close()} waits for the read in progress to return (jersey#3182), which is
 * why {@code SseEventSource.close()} leaves the connection open (jersey#4549). So the socket gets a
 * short read timeout (the wake interval) and this stream reads again after every timeout, unless the
 * subscription was closed or the hub has been silent for the idle timeout. A timed-out read leaves the
 * socket valid ({@link java.net.Socket#setSoTimeout}) and the JDK's chunked decoder where it was.
 */
final class WakingInputStream extends FilterInputStream {

    private final StreamWatch watch;

    WakingInputStream(InputStream in, StreamWatch watch) {
        super(in);
        this.watch = watch;
    }

    @Override
    public int read() throws IOException {
        while (true) {
            watch.beforeRead();
            try {
                int b = super.read();
                watch.bytesRead();
                return b;
            } catch (SocketTimeoutException e) {
                watch.timedOut();
            } catch (IOException e) {
                throw watch.record(e);
            }
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            watch.beforeRead();
            try {
                int n = super.read(buffer, offset, length);
                watch.bytesRead();
                return n;
            } catch (SocketTimeoutException e) {
                watch.timedOut();
            } catch (IOException e) {
                throw watch.record(e);
            }
        }
    }
}
