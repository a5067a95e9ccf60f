package io.ssehub.wire;

import io.ssehub.event.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Bytes already in SSE wire format (one or more events or comments), handed to a Jersey
 * {@code SseEventSink} as an {@link OutboundSseEvent}: the hub encodes each event once and
 * {@link SseFrameWriter} copies the same bytes to every connection.
 *
 * <p>The {@code OutboundSseEvent} getters describe the frame for code that inspects it; the bytes are
 * what is written.
 */
public final class SseFrame implements OutboundSseEvent {

    private final byte[] bytes;
    private final String id;
    private final String name;
    private final String data;
    private final String comment;
    private final long reconnectDelay;
    /** This frame as one HTTP/1.1 chunk, made once on first use and then shared by every stream. */
    private volatile byte[] chunk;

    private SseFrame(byte[] bytes, String id, String name, String data, String comment, long reconnectDelay) {
        this.bytes = bytes;
        this.id = id;
        this.name = name;
        this.data = data;
        this.comment = comment;
        this.reconnectDelay = reconnectDelay;
    }

    public static SseFrame event(String id, String name, String data, Duration retry) {
        return new SseFrame(SseWire.event(id, name, data, retry), id, name, data, null,
                retry == null ? RECONNECT_NOT_SET : retry.toMillis());
    }

    public static SseFrame comment(String text) {
        return new SseFrame(SseWire.comment(text), null, null, null, text, RECONNECT_NOT_SET);
    }

    public static SseFrame retry(Duration retry) {
        return new SseFrame(SseWire.retry(retry), null, null, null, null, retry.toMillis());
    }

    /**
     * Any standard {@link OutboundSseEvent}, encoded by the hub's own encoder: data that is not already
     * text is serialised to JSON.
     */
    public static SseFrame of(OutboundSseEvent event) {
        if (event instanceof SseFrame frame) {
            return frame;
        }
        Duration retry = event.isReconnectDelaySet() ? Duration.ofMillis(event.getReconnectDelay()) : null;
        String data = event.getData() == null ? null : dataText(event.getData());
        byte[] fields = data == null && event.getId() == null && event.getName() == null && retry == null
                ? new byte[0]
                : SseWire.event(event.getId(), event.getName(), data, retry);
        // Fields before the comment, so a greeting of retry hint and comment starts with the retry hint.
        byte[] bytes = event.getComment() == null ? fields : SseWire.join(fields, SseWire.comment(event.getComment()));
        return new SseFrame(bytes, event.getId(), event.getName(), data, event.getComment(),
                retry == null ? RECONNECT_NOT_SET : retry.toMillis());
    }

    /** The data of a standard event as SSE text: strings as they are, anything else as JSON. */
    public static String dataText(Object data) {
        return data instanceof String text ? text : Json.write(data);
    }

    /** Several frames as one write; the getters describe the last of them. */
    public static SseFrame join(SseFrame... frames) {
        byte[][] parts = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            parts[i] = frames[i].bytes;
        }
        SseFrame last = frames[frames.length - 1];
        return new SseFrame(SseWire.join(parts), last.id, last.name, last.data, last.comment, last.reconnectDelay);
    }

    /** The encoded bytes; callers must not modify them. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * This frame as one HTTP/1.1 chunk ({@code <hex size>CRLF<frame>CRLF}), for runtimes that write the
     * chunked body themselves. Made once and shared by every stream the frame goes to: callers must not
     * modify it.
     */
    public byte[] chunk() {
        byte[] made = chunk;
        if (made == null) {
            made = HttpChunks.chunk(List.of(this));
            chunk = made;
        }
        return made;
    }

    /** Several frames as one HTTP/1.1 chunk (one write); see {@link #chunk()}. */
    public static byte[] chunk(List<SseFrame> frames) {
        return frames.size() == 1 ? frames.get(0).chunk() : HttpChunks.chunk(frames);
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getComment() {
        return comment;
    }

    @Override
    public long getReconnectDelay() {
        return reconnectDelay;
    }

    @Override
    public boolean isReconnectDelaySet() {
        return reconnectDelay != RECONNECT_NOT_SET;
    }

    @Override
    public Class<?> getType() {
        return String.class;
    }

    @Override
    public Type getGenericType() {
        return String.class;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public Object getData() {
        return data;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
