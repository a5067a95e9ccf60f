package io.ssehub.runtime.grizzly;

import io.ssehub.fanout.StreamOutput;
import io.ssehub.jaxrs.FrameEvent;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.CancelledKeyException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.NIOTransport;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream on embedded Grizzly, written straight to its connection: each event goes out as an HTTP/1.1
 * chunk made once and shared by every stream, in one non-blocking write through the connection's own
 * write queue, with none of Jersey's per-chunk work (request scope, writer lookup, stream wrappers) and
 * no Grizzly HTTP buffer per write.
 *
 * <p>Jersey owns the response until its first chunk: an SSE request is suspended before the resource
 * method runs, and the first send on the sink makes Jersey process the response (filters, headers, the
 * chunk), on the sending thread or, when the resource method is still returning, on the request's own
 * thread a moment later. So the first frame goes through the sink, and raw chunks follow only once the
 * connection has written that first chunk (a monitoring probe sees it go); until then the output is not
 * ready and the subscriber queues, and a subscriber waiting for it is called back by the same probe.
 *
 * <p>Once that first chunk is out and the request's service has returned, the stream is detached from its
 * request ({@link #detach}): Jersey ends the request, whose end the codec leaves unwritten, and Jersey's
 * and Grizzly's per-request state (scope, context, headers, buffers) is let go, so that an idle stream
 * holds its connection and little else. The stream then ends with a last chunk of its own, and its
 * connection closes. A stream that ends before it is detached is ended by Jersey and Grizzly (the last
 * chunk). The connection's write queue is bounded by Grizzly's max-pending-bytes: past it the output is
 * not ready, and the subscriber queues, then is cut off.
 */
final class GrizzlyOutput implements StreamOutput {

    private static final Logger LOG = LoggerFactory.getLogger(GrizzlyOutput.class);

    /** Jersey's sink, let go once the stream is detached from its request (it holds the request's state). */
    private volatile SseEventSink sink;
    private final NIOConnection connection;
    private final AsyncQueueWriter<SocketAddress> writer;
    private final ScheduledExecutorService timer;
    private final Executor closers;
    private final long closeGraceMillis;
    private final CompletionHandler<WriteResult<WritableMessage, SocketAddress>> onWritten =
            new EmptyCompletionHandler<>() {
                @Override
                public void failed(Throwable failure) {
                    gone(failure);
                }
            };
    private final Connection.CloseListener onConnectionClosed = (closed, type) -> gone(
            type == Connection.CloseType.REMOTELY ? null : new IOException("connection closed"));

    /**
     * How the bytes of an HTTP chunk of SSE frames end: the last frame's closing blank line, then the
     * chunk's CRLF (RFC 9112, section 7.1). A response head ends with CRLF CRLF instead, and no frame holds
     * a CR (the wire encoder turns every line ending into LF).
     */
    private static final byte[] FRAME_CHUNK_END = {'\n', '\n', '\r', '\n'};

    /** The connection has written Jersey's first chunk: see {@link #handOverIfStarted}. */
    private final ConnectionProbe.Adapter firstChunk = new ConnectionProbe.Adapter() {
        @Override
        public void onWriteEvent(Connection connection, Buffer data, long size) {
            if (endsWithFrameChunk(data) && firstChunkSeen.compareAndSet(false, true)) {
                firstChunkWritten = true;
                Runnable waiting = readyCallback.getAndSet(null);
                if (waiting != null) {
                    whenReady(waiting);
                }
                detachOnceFree();
            }
        }
    };
    private volatile boolean firstChunkWritten;
    private final AtomicBoolean firstChunkSeen = new AtomicBoolean();
    /**
     * What the stream's detachment from its request waits for: the first chunk out, and the request's
     * service returned (see {@link #detach}).
     */
    private final AtomicInteger detachWaits = new AtomicInteger(2);
    /** {@link #ATTACHED}, {@link #DETACHING}, {@link #DETACHED}, or ended: see {@link #detach} and {@link #close}. */
    private final AtomicInteger state = new AtomicInteger(ATTACHED);
    private static final int ATTACHED = 0;
    private static final int DETACHING = 1;
    private static final int DETACHED = 2;
    private static final int ENDED = 3;
    /** Held by a send through Jersey and by the detachment, so that no send reaches a sink being closed. */
    private final Object jerseyTurn = new Object();
    /** {@link #close} came while the stream was being detached: the detaching thread ends it. */
    private volatile boolean endRequested;
    /** The last chunk of a chunked response (RFC 9112, section 7.1): what a detached stream ends with. */
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    /** A {@link #whenReady} callback that came before the first chunk was out: the probe runs it then. */
    private final AtomicReference<Runnable> readyCallback = new AtomicReference<>();
    /** Jersey has handed the response over: writes go straight to the connection. */
    private volatile boolean raw;
    /** Jersey was given the stream's first frame; later ones wait until it is out. */
    private boolean handedToJersey;
    private volatile boolean closed;
    private volatile Consumer<Throwable> goneCallback = failure -> { };
    private volatile boolean goneReported;

    /**
     * @param closers runs Jersey's end of the response, which blocks while the connection is full
     * @param closeGraceMillis how long a client has to take the end of its stream before the connection is dropped
     */
    GrizzlyOutput(SseEventSink sink, Response response, Executor closers, ScheduledExecutorService timer,
                  long closeGraceMillis) {
        this.sink = sink;
        this.connection = (NIOConnection) response.getRequest().getContext().getConnection();
        @SuppressWarnings("unchecked")
        AsyncQueueWriter<SocketAddress> queueWriter =
                ((NIOTransport) connection.getTransport()).getAsyncQueueIO().getWriter();
        this.writer = queueWriter;
        this.timer = timer;
        this.closers = closers;
        this.closeGraceMillis = closeGraceMillis;
        connection.addCloseListener(onConnectionClosed);
        connection.getMonitoringConfig().addProbes(firstChunk);
    }

    @Override
    public void write(List<SseFrame> frames) {
        if (closed || goneReported) {
            return;
        }
        if (!raw) {
            if (!handedToJersey) {
                handedToJersey = true;
                sendThroughJersey(frames);
                handOverIfStarted();
                return;
            }
            if (!handOverIfStarted()) {
                // Only the stream's last frame is written while the output is not ready: Jersey keeps it
                // in order behind the first.
                sendThroughJersey(frames);
                return;
            }
        }
        writeRaw(frames);
    }

    private void writeRaw(List<SseFrame> frames) {
        byte[] chunk = SseFrame.chunk(frames);
        if (chunk.length > 0) {
            writer.write(connection, null, Buffers.wrap(connection.getMemoryManager(), chunk), onWritten,
                    (org.glassfish.grizzly.asyncqueue.MessageCloner<WritableMessage>) null);
        }
    }

    /** Through Jersey while the stream is attached to its request; raw once detached (its first chunk is out then). */
    private void sendThroughJersey(List<SseFrame> frames) {
        synchronized (jerseyTurn) {
            if (state.get() == ATTACHED) {
                sendToSink(frames);
                return;
            }
        }
        writeRaw(frames);
    }

    private void sendToSink(List<SseFrame> frames) {
        SseFrame joined = frames.size() == 1 ? frames.get(0) : SseFrame.join(frames.toArray(SseFrame[]::new));
        try {
            CompletionStage<?> sent = sink.send(new FrameEvent(joined));
            Throwable failure = sent.toCompletableFuture().handle((ok, error) -> error).getNow(null);
            if (failure != null) {
                gone(failure);
            }
        } catch (RuntimeException e) {
            gone(e);
        }
    }

    /**
     * Raw writes may start once the connection has written Jersey's first chunk. Jersey processes the
     * response usually on this lane within the first send, but sometimes on the request's own thread a
     * moment later; "committed" in Grizzly's response is set before the bytes are queued, and the head
     * goes out in a write of its own before the chunk, so a raw write made once the head is out can still
     * overtake the greeting. What decides is the connection's own write of the chunk, seen by a
     * monitoring probe.
     */
    private boolean handOverIfStarted() {
        if (!raw && firstChunkWritten) {
            raw = true;
            connection.getMonitoringConfig().removeProbes(firstChunk);
        }
        return raw;
    }

    /** Whether the bytes written so far from {@code written} (up to its position) end an HTTP chunk of SSE frames. */
    private static boolean endsWithFrameChunk(Buffer written) {
        int end = written.position();
        if (end < FRAME_CHUNK_END.length) {
            return false;
        }
        for (int i = 0; i < FRAME_CHUNK_END.length; i++) {
            if (written.get(end - FRAME_CHUNK_END.length + i) != FRAME_CHUNK_END[i]) {
                return false;
            }
        }
        return true;
    }

    /** Ready while the connection's write queue is under its bound; not before Jersey's first chunk is out. */
    @Override
    public boolean ready() {
        return !closed && handOverIfStarted() && writer.canWrite(connection);
    }

    @Override
    public void whenReady(Runnable callback) {
        if (closed || goneReported) {
            return;
        }
        if (!handOverIfStarted()) {
            // The probe calls back once the connection has written Jersey's first chunk; if it did so
            // between the check above and now, the callback is taken back here.
            readyCallback.set(callback);
            if (!firstChunkWritten || readyCallback.getAndSet(null) == null) {
                return;
            }
            handOverIfStarted();
        }
        writer.notifyWritePossible(connection, new WriteHandler() {
            @Override
            public void onWritePossible() {
                callback.run();
            }

            @Override
            public void onError(Throwable failure) {
                gone(failure);
            }
        });
    }

    @Override
    public void onGone(Consumer<Throwable> callback) {
        this.goneCallback = callback;
    }

    private void gone(Throwable failure) {
        if (goneReported) {
            return;
        }
        goneReported = true;
        goneCallback.accept(failure);
    }

    /**
     * Ends a detached stream with its own last chunk ({@link #endDetached}, by the detaching thread when the
     * detachment is under way); an attached one is ended through Jersey, which writes the last chunk after what is queued. Jersey's write
     * blocks while the connection is full, so it runs on a closer thread, never on the lane; a client
     * that does not take the end of its stream within the grace loses the connection (which also frees
     * that thread).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.removeCloseListener(onConnectionClosed);
        connection.getMonitoringConfig().removeProbes(firstChunk);
        if (!state.compareAndSet(ATTACHED, ENDED)) {
            endRequested = true;
            if (state.compareAndSet(DETACHED, ENDED)) {
                endDetached();
            }
            return;
        }
        stopReading();
        if (connection.isOpen() && !writer.canWrite(connection)) {
            timer.schedule(() -> {
                if (connection.isOpen() && !writer.canWrite(connection)) {
                    connection.closeSilently();
                }
            }, closeGraceMillis, TimeUnit.MILLISECONDS);
        }
        try {
            closers.execute(this::closeSink);
        } catch (RejectedExecutionException stopping) {
            connection.closeSilently();
        }
    }

    /**
     * The request's service has returned (nothing on its thread touches the request any more): the
     * stream may be detached once its first chunk is out too.
     */
    void serviceReturned() {
        detachOnceFree();
    }

    private void detachOnceFree() {
        if (detachWaits.decrementAndGet() == 0) {
            try {
                closers.execute(this::detach);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("stopping: the stream stays attached to its request until it ends");
            }
        }
    }

    /**
     * Lets the request go while the stream goes on. Once the connection has written the first chunk,
     * every later write is raw (see {@link #write}) and Jersey has nothing more to do for the stream but
     * end it; so Jersey is asked to end it now, on a connection marked detached ({@link DetachedStreams}),
     * where the codec leaves the end unwritten and does not treat the connection as idle. Jersey's request
     * scope and Grizzly's request and response (headers, buffers) are released and recycled; the stream
     * keeps its connection. Its end is written by {@link #endDetached}.
     */
    private void detach() {
        synchronized (jerseyTurn) {
            if (!state.compareAndSet(ATTACHED, DETACHING)) {
                return;
            }
            DetachedStreams.detach(connection);
            // The probe has seen what it waited for; every later write would only pass through it.
            connection.getMonitoringConfig().removeProbes(firstChunk);
            // Grizzly counts a connection without a request in progress as idle, and closes it after the
            // keep-alive timeout; the stream goes on (its departure is seen by reading, its silence by the
            // hub's keep-alives).
            if (connection.getAttributes().getAttribute(IdleTimeoutFilter.IDLE_ATTRIBUTE_NAME) != null) {
                IdleTimeoutFilter.setCustomTimeout(connection, -1, TimeUnit.MILLISECONDS);
            }
            closeSink();
            sink = null;
        }
        state.set(DETACHED);
        if (endRequested && state.compareAndSet(DETACHED, ENDED)) {
            endDetached();
        }
    }

    /**
     * Ends a detached stream: the last chunk after what is queued, then the connection closes (the request
     * it answered is long complete, so it is not kept alive for another); a client that does not take the
     * end within the grace loses the connection at once.
     */
    private void endDetached() {
        if (!connection.isOpen()) {
            return;
        }
        writer.write(connection, null, Buffers.wrap(connection.getMemoryManager(), LAST_CHUNK), null,
                (org.glassfish.grizzly.asyncqueue.MessageCloner<WritableMessage>) null);
        connection.closeSilently();
        timer.schedule(() -> {
            if (connection.isOpen()) {
                connection.terminateSilently();
            }
        }, closeGraceMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reading was turned on for the stream's life so a departure is seen at once (see GuardedContainer).
     * Once the last chunk is out, a keep-alive client may send its next request on this connection; read
     * while the stream's request is still being completed, Grizzly would start that request on a context
     * it is about to recycle. So reading stops before the end is written; Grizzly turns it back on itself
     * when it has completed the response.
     */
    private void stopReading() {
        try {
            connection.disableIOEvent(org.glassfish.grizzly.IOEvent.READ);
        } catch (IOException | CancelledKeyException e) {
            // CancelledKeyException: the selector already dropped the connection of a client that left.
            LOG.debug("the connection is already gone", e);
        }
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a stream failed", e);
        }
    }
}
