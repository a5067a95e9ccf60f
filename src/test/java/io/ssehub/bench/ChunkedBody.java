package io.ssehub.bench;

/**
 * Decodes an HTTP/1.1 response as it arrives: skips the head, then undoes chunked transfer coding
 * (RFC 9112, section 7.1), appending the body's bytes (as ISO-8859-1 characters) to a buffer.
 */
final class ChunkedBody {

    private enum State { HEAD, SIZE, DATA, DATA_END }

    private State state = State.HEAD;
    private int headMatched;
    private final StringBuilder sizeLine = new StringBuilder();
    private long remaining;
    private int dataEndSeen;

    void feed(byte[] bytes, int length, StringBuilder out) {
        for (int i = 0; i < length; i++) {
            char c = (char) (bytes[i] & 0xff);
            switch (state) {
                case HEAD -> {
                    // the head ends at the first CRLF CRLF
                    headMatched = (c == (headMatched % 2 == 0 ? '\r' : '\n')) ? headMatched + 1 : (c == '\r' ? 1 : 0);
                    if (headMatched == 4) {
                        state = State.SIZE;
                    }
                }
                case SIZE -> {
                    if (c == '\n') {
                        String hex = sizeLine.toString().trim();
                        int extension = hex.indexOf(';');
                        remaining = Long.parseLong(extension < 0 ? hex : hex.substring(0, extension), 16);
                        sizeLine.setLength(0);
                        state = remaining == 0 ? State.HEAD : State.DATA;
                    } else {
                        sizeLine.append(c);
                    }
                }
                case DATA -> {
                    int take = (int) Math.min(remaining, length - i);
                    for (int k = 0; k < take; k++) {
                        out.append((char) (bytes[i + k] & 0xff));
                    }
                    i += take - 1;
                    remaining -= take;
                    if (remaining == 0) {
                        state = State.DATA_END;
                        dataEndSeen = 0;
                    }
                }
                case DATA_END -> {
                    if (++dataEndSeen == 2) {
                        state = State.SIZE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }
}
