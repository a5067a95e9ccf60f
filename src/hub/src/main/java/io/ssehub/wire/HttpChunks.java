package io.ssehub.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 chunked transfer coding (RFC 9112, section 7.1) of whole frames: each written chunk is
 * self-contained, so chunks made here and chunks the container writes itself (its last chunk, say) can
 * follow each other on one response.
 */
final class HttpChunks {

    private static final byte[] CRLF = {'\r', '\n'};

    private HttpChunks() {
    }

    /**
     * The frames, in order, as one chunk; nothing at all when they are empty, since an empty chunk is the
     * last chunk and would end the response.
     */
    static byte[] chunk(List<SseFrame> frames) {
        int size = 0;
        for (SseFrame frame : frames) {
            size += frame.bytes().length;
        }
        if (size == 0) {
            return new byte[0];
        }
        byte[] head = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + size + CRLF.length];
        System.arraycopy(head, 0, chunk, 0, head.length);
        int at = head.length;
        for (SseFrame frame : frames) {
            byte[] bytes = frame.bytes();
            System.arraycopy(bytes, 0, chunk, at, bytes.length);
            at += bytes.length;
        }
        System.arraycopy(CRLF, 0, chunk, at, CRLF.length);
        return chunk;
    }
}
