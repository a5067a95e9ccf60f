package io.ssehub.jmh;

import io.ssehub.wire.SseFrame;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.message.MessageBodyWorkers;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding one event (an id, a type, about 100 bytes of JSON data) for the wire: the hub's way, once per
 * event ({@link SseFrame#event} then {@link SseFrame#chunk()}: the frame and the HTTP/1.1 chunk every
 * stream then shares), against Jersey 3.1's {@code OutboundEventWriter}, which a Jersey SSE sink runs once
 * per event and connection.
 *
 * <p>Jersey's writer gets Jersey's real {@link MessageBodyWorkers} (from a bootstrapped, empty
 * application), so its per-event writer lookup is the one a server does. Its output goes to one
 * {@link ByteArrayOutputStream}, reset each time, so only the encoder's own allocation is counted; the
 * hub's figure includes the byte array it produces, which is what it then shares. Run with
 * {@code -prof gc} for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodingJmh {

    static final String ID = "k3x9q2m7fa-1048576";
    static final String TYPE = "price";
    /** 100 bytes of JSON. */
    static final String DATA =
            "{\"symbol\":\"ACME\",\"price\":123.5,\"volume\":1200,\"venue\":\"XNAS\",\"ts\":\"2025-06-01T12:00:00.123Z\",\"seq\":7}";

    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    private MessageBodyWriter<OutboundSseEvent> jerseyWriter;
    private OutboundSseEvent jerseyEvent;
    private final ByteArrayOutputStream jerseyOut = new ByteArrayOutputStream(512);
    private final MultivaluedHashMap<String, Object> headers = new MultivaluedHashMap<>();

    @Setup
    public void setUp() throws ReflectiveOperationException, IOException {
        if (DATA.length() != 100) {
            throw new IllegalStateException("data is " + DATA.length() + " bytes");
        }
        MessageBodyWorkers workers = new ApplicationHandler(new ResourceConfig())
                .getInjectionManager().getInstance(MessageBodyWorkers.class);
        jerseyWriter = jerseyWriter(() -> workers);
        jerseyEvent = jerseyEvent();
        // Both encoders must produce the same event. Jersey writes event before id, and leaves the blank
        // line that ends the event to its EventOutput, which writes it as its chunk delimiter.
        String jersey = jerseyWrite().toString(StandardCharsets.UTF_8);
        String expected = "event: " + TYPE + "\nid: " + ID + "\ndata: " + DATA + "\n\n";
        if (!(jersey + "\n").equals(expected) || hubFrameOnly().size() != expected.length()) {
            throw new IllegalStateException("unexpected encoding: Jersey [" + jersey + "], hub [" + hubFrameOnly()
                    + "], expected [" + expected + "]");
        }
    }

    /**
     * Jersey's SSE writer is package-private ({@code org.glassfish.jersey.media.sse.OutboundEventWriter},
     * public constructor): made through reflection, used through the public interface.
     */
    @SuppressWarnings("unchecked")
    private static MessageBodyWriter<OutboundSseEvent> jerseyWriter(Provider<MessageBodyWorkers> workers)
            throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("org.glassfish.jersey.media.sse.OutboundEventWriter")
                .getConstructor(Provider.class);
        constructor.setAccessible(true);
        return (MessageBodyWriter<OutboundSseEvent>) constructor.newInstance(workers);
    }

    private static OutboundSseEvent jerseyEvent() {
        return new OutboundEvent.Builder().id(ID).name(TYPE).data(String.class, DATA).build();
    }

    /** The hub: frame the event once and make its chunk (what every stream is handed). */
    @Benchmark
    public byte[] hubFrameAndChunk() {
        return SseFrame.event(ID, TYPE, DATA, null).chunk();
    }

    /** The hub's frame alone (no HTTP chunk), for the cost of the chunk by difference. */
    @Benchmark
    public SseFrame hubFrameOnly() {
        return SseFrame.event(ID, TYPE, DATA, null);
    }

    /** Jersey: one {@code OutboundEvent} written by {@code OutboundEventWriter} (its per-connection work). */
    @Benchmark
    public ByteArrayOutputStream jerseyWrite() throws IOException {
        jerseyOut.reset();
        jerseyWriter.writeTo(jerseyEvent, OutboundEvent.class, OutboundEvent.class, NO_ANNOTATIONS,
                SseFeature.SERVER_SENT_EVENTS_TYPE, headers, jerseyOut);
        return jerseyOut;
    }

    /** Jersey, event built as a resource builds it, then written: the whole per-event path. */
    @Benchmark
    public ByteArrayOutputStream jerseyBuildAndWrite() throws IOException {
        jerseyOut.reset();
        jerseyWriter.writeTo(jerseyEvent(), OutboundEvent.class, OutboundEvent.class, NO_ANNOTATIONS,
                SseFeature.SERVER_SENT_EVENTS_TYPE, headers, jerseyOut);
        return jerseyOut;
    }
}
