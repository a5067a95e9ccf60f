package io.ssehub.testing;

/**
 * Incremental decoder of HTTP/1.1 chunked transfer coding (RFC 9112, section 7.1), working on bytes and
 * copying nothing: each run of chunk data is handed to a {@link Sink} as a slice of the input array.
 * Chunk extensions and trailer fields are skipped. One instance per response; not thread-safe.
 */
public final class ChunkedBody {

    /** Receives the decoded body, slice by slice. */
    public interface Sink {
        void body(byte[] bytes, int offset, int length);
    }

    /** Thrown on bytes that cannot be chunked coding. */
    public static final class MalformedChunk extends Exception {
        MalformedChunk(String message) {
            super(message, null, false, false);
        }
    }

    private static final int SIZE = 0;
    private static final int SIZE_EXTENSION = 1;
    private static final int DATA = 2;
    private static final int DATA_END = 3;
    private static final int TRAILER = 4;
    private static final int DONE = 5;

    private int state = SIZE;
    private long remaining;
    private int sizeDigits;
    private int trailerLineLength;

    /** Back to the start of a body (for a new response on the same object). */
    public void reset() {
        state = SIZE;
        remaining = 0;
        sizeDigits = 0;
        trailerLineLength = 0;
    }

    /** Whether the last chunk and the trailer have been read: the body is complete. */
    public boolean done() {
        return state == DONE;
    }

    /**
     * Decodes {@code length} bytes from {@code offset}.
     *
     * @return how many input bytes were consumed: all of them, unless the body ended before them
     */
    public int feed(byte[] bytes, int offset, int length, Sink sink) throws MalformedChunk {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            switch (state) {
                case DATA -> {
                    int take = (int) Math.min(remaining, end - i);
                    sink.body(bytes, i, take);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = DATA_END;
                    }
                }
                case SIZE -> {
                    byte c = bytes[i++];
                    int digit = Character.digit(c, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > 15) {
                            throw new MalformedChunk("chunk size too long");
                        }
                        remaining = (remaining << 4) | digit;
                    } else if (c == '\n') {
                        endOfSizeLine();
                    } else if (c == ';' || c == ' ' || c == '\t' || c == '\r') {
                        state = SIZE_EXTENSION;
                    } else {
                        throw new MalformedChunk("bad byte in chunk size: " + (c & 0xff));
                    }
                }
                case SIZE_EXTENSION -> {
                    if (bytes[i++] == '\n') {
                        endOfSizeLine();
                    }
                }
                case DATA_END -> {
                    byte c = bytes[i++];
                    if (c == '\n') {
                        state = SIZE;
                    } else if (c != '\r') {
                        throw new MalformedChunk("chunk data longer than its size");
                    }
                }
                case TRAILER -> {
                    byte c = bytes[i++];
                    if (c == '\n') {
                        if (trailerLineLength == 0) {
                            state = DONE;
                            return i - offset;
                        }
                        trailerLineLength = 0;
                    } else if (c != '\r') {
                        trailerLineLength++;
                    }
                }
                default -> {
                    return i - offset;
                }
            }
        }
        return length;
    }

    private void endOfSizeLine() throws MalformedChunk {
        if (sizeDigits == 0) {
            throw new MalformedChunk("chunk size missing");
        }
        sizeDigits = 0;
        if (remaining == 0) {
            state = TRAILER;
            trailerLineLength = 0;
        } else {
            state = DATA;
        }
    }
}
