package io.ssehub.wire;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Bytes already in SSE wire format (one or more events or comments): the hub encodes each event once and
 * every stream it goes to gets the same bytes, whatever the runtime writes them with.
 */
public final class SseFrame {

    private final byte[] bytes;
    /**
     * This frame as one HTTP/1.1 chunk, made on first use by a runtime that writes the chunked body itself
     * and then shared by every stream; never made where the container chunks the body (a WAR).
     */
    private volatile byte[] chunk;

    private SseFrame(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SseFrame event(String id, String name, String data, Duration retry) {
        return new SseFrame(SseWire.event(id, name, data, retry));
    }

    public static SseFrame comment(String text) {
        return new SseFrame(SseWire.comment(text));
    }

    public static SseFrame retry(Duration retry) {
        return new SseFrame(SseWire.retry(retry));
    }

    /** Several frames as one write. */
    public static SseFrame join(SseFrame... frames) {
        byte[][] parts = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            parts[i] = frames[i].bytes;
        }
        return new SseFrame(SseWire.join(parts));
    }

    /** The encoded bytes; callers must not modify them. */
    public byte[] bytes() {
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
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
