package io.ssehub.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames as HTTP/1.1 chunks, as embedded Grizzly writes them straight to a connection. */
class HttpChunksTest {

    @Test
    void aFrameIsOneChunkOfItsExactBytesWithAHexSize() {
        SseFrame frame = SseFrame.event("r-1", "user", "{\"name\":\"Ada\"}", Duration.ofSeconds(3));
        String text = new String(frame.chunk(), StandardCharsets.UTF_8);
        String body = new String(frame.bytes(), StandardCharsets.UTF_8);
        assertEquals(Integer.toHexString(frame.bytes().length) + "\r\n" + body + "\r\n", text);
        assertEquals(frame.chunk().length, dechunk(frame.chunk()).length + Integer.toHexString(frame.size()).length() + 4);
    }

    @Test
    void aFramesChunkIsMadeOnceAndShared() {
        SseFrame frame = SseFrame.comment("keep-alive");
        assertSame(frame.chunk(), frame.chunk());
    }

    @Test
    void severalFramesJoinIntoOneChunkInOrder() {
        SseFrame first = SseFrame.event("r-1", "a", "1", null);
        SseFrame second = SseFrame.event("r-2", "b", "two lines\nhere", null);
        byte[] chunk = SseFrame.chunk(List.of(first, second));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first.bytes());
        both.writeBytes(second.bytes());
        assertArrayEquals(both.toByteArray(), dechunk(chunk));
    }

    @Test
    void multiByteDataIsCountedInBytesNotCharacters() {
        SseFrame frame = SseFrame.event(null, "note", "\"héllo ✓ 😀\"", null);
        assertArrayEquals(frame.bytes(), dechunk(frame.chunk()));
    }

    @Test
    void nothingToWriteMakesNoChunkAtAllSinceAnEmptyChunkWouldEndTheResponse() {
        assertEquals(0, HttpChunks.chunk(List.of()).length);
    }

    /** Parses chunks strictly (size line, exact data, CRLF) and returns the data. */
    static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrlf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            at = lineEnd + 2;
            data.write(chunked, at, size);
            at += size;
            assertEquals('\r', chunked[at]);
            assertEquals('\n', chunked[at + 1]);
            at += 2;
        }
        return data.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after " + from);
    }
}
