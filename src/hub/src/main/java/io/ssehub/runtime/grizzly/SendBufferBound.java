package io.ssehub.runtime.grizzly;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.nio.NIOConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the socket send buffer of every connection the embedded server accepts ({@code socket.send.buffer.bytes}).
 * Left to itself, Linux grows it to megabytes for a client that stops reading, and that backlog is invisible
 * to the hub: the stream's own queue and {@code write.timeout} only start to count once the kernel is full,
 * so a stalled client holds kernel memory and goes uncut for minutes. Grizzly's own setting can only raise the
 * buffer, never lower it, hence this probe on the accept.
 */
final class SendBufferBound extends ConnectionProbe.Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(SendBufferBound.class);

    private final int bytes;

    SendBufferBound(int bytes) {
        this.bytes = bytes;
    }

    @Override
    public void onAcceptEvent(Connection serverConnection, Connection clientConnection) {
        if (!(clientConnection instanceof NIOConnection accepted) || !(accepted.getChannel() instanceof SocketChannel socket)) {
            return;
        }
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
        } catch (IOException e) {
            // The connection is still served, with the kernel's buffer; it has most likely just gone.
            LOG.debug("could not set the send buffer of an accepted connection", e);
        }
    }
}
