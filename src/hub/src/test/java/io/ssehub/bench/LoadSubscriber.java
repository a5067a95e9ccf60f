package io.ssehub.bench;

import io.ssehub.testing.ChunkedBody;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * One {@code GET /events} stream of the load generator: its socket, an incremental parser of the HTTP
 * response head, of chunked coding and of the SSE stream, working on bytes, allocating nothing per event;
 * and what it has received. Touched only by the reader thread (or by the main thread once that one has
 * stopped).
 *
 * <p>From each event the parser keeps: the {@code id:} text (to resume with {@code Last-Event-ID}), whether
 * the type is {@code error} (the hub's slow-consumer cut), and from the first {@code data:} line the
 * numbers of {@code s=<seq>;t=<nanoTime>;} (an optional leading quote is skipped, so JSON-quoted and raw
 * strings both work). Comments, {@code retry:}, unknown fields and extra blank lines are skipped.
 */
final class LoadSubscriber implements ChunkedBody.Sink {

    // Connection phases.
    static final int WAITING = 0;     // not connected; queued or waiting for a retry timer
    static final int CONNECTING = 1;  // TCP connect in progress
    static final int REQUESTING = 2;  // writing the request
    static final int HEAD = 3;        // reading the response head
    static final int STREAMING = 4;   // reading the event stream
    static final int HELD = 5;        // a stalled subscriber: has its head, never reads again (until the end)
    static final int CLOSED = 6;      // for good

    // Outcome of feeding bytes.
    static final int FED = 0;
    static final int HEAD_DONE = 1;   // the head just completed with a 200
    static final int END = 2;         // the body ended (last chunk): treat as a close
    static final int REFUSED = 3;     // the head completed with another status (see status, retryAfterSeconds)
    static final int BROKEN = 4;      // not HTTP, or not chunked coding (see failure)

    private static final int MAX_HEAD = 16 * 1024;

    private static final int MAX_CARRY = 4096;

    // Outcome of reading the first data line of an event.
    private static final int D_START = 0;
    private static final int D_OK = 1;
    private static final int D_BAD = 2;

    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);

    final int index;
    final boolean stalled;
    private final LoadReader reader;

    // connection
    SocketChannel channel;
    SelectionKey key;
    int phase = WAITING;
    boolean inFlight;         // counted in the reader's connect window (connecting or waiting for its head)
    long wakeAt;              // when WAITING on a timer
    int consecutiveFailures;
    int quickCuts;            // streams in a row that the server ended within a second
    long openedAt;
    boolean everOpened;
    String failure;

    // response head
    private byte[] head;
    private int headLength;
    int status;
    long retryAfterSeconds = -1;
    boolean chunked;
    String contentType;
    private final ChunkedBody chunks = new ChunkedBody();

    // SSE parse state
    private boolean skipLf;
    private byte[] carryBuffer;
    private boolean carrying;     // a line begun in an earlier slice goes on
    private int carryLength;      // how much of it is kept
    private boolean eventIsError;
    private int dataState = D_START;
    private long seq;
    private long sentAt;
    private byte[] lastId = new byte[32];
    private int lastIdLength = -1; // -1: no id seen yet

    // what it received
    final BitSet received;
    long duplicates;
    long reordered;       // below the floor of an event received before it (see LoadPublisher)
    long reorderedRaw;    // below the highest seq received before it
    long maxSeq = -1;
    int maxFloor = -1;
    long errorEvents;        // "event: error" seen (slow-consumer cuts announced)
    boolean cutNotice;       // an error event arrived since the last (re)connect
    int reconnects;          // streams re-opened after the server ended one
    int refusals;            // non-200 answers (503 and the like) that were retried
    long bytes;

    LoadSubscriber(int index, boolean stalled, LoadReader reader, int seqRange) {
        this.index = index;
        this.stalled = stalled;
        this.reader = reader;
        this.received = new BitSet(stalled ? 0 : seqRange);
    }

    /** Forgets everything about the previous response, keeping the last event id and the counts. */
    void resetResponse() {
        head = new byte[512];
        headLength = 0;
        status = 0;
        retryAfterSeconds = -1;
        chunked = false;
        contentType = null;
        chunks.reset();
        skipLf = false;
        carrying = false;
        carryLength = 0;
        eventIsError = false;
        dataState = D_START;
        cutNotice = false;
    }

    /** The GET request, resuming from the last id seen if there is one. */
    byte[] request(byte[] prefix) {
        if (lastIdLength < 0) {
            byte[] r = Arrays.copyOf(prefix, prefix.length + 2);
            r[prefix.length] = '\r';
            r[prefix.length + 1] = '\n';
            return r;
        }
        byte[] name = "Last-Event-ID: ".getBytes(StandardCharsets.US_ASCII);
        byte[] r = new byte[prefix.length + name.length + lastIdLength + 4];
        System.arraycopy(prefix, 0, r, 0, prefix.length);
        System.arraycopy(name, 0, r, prefix.length, name.length);
        System.arraycopy(lastId, 0, r, prefix.length + name.length, lastIdLength);
        int at = prefix.length + name.length + lastIdLength;
        r[at] = '\r';
        r[at + 1] = '\n';
        r[at + 2] = '\r';
        r[at + 3] = '\n';
        return r;
    }

    String lastId() {
        return lastIdLength < 0 ? null : new String(lastId, 0, lastIdLength, StandardCharsets.UTF_8);
    }

    /**
     * Feeds bytes read from the socket. In phase HEAD the head is collected first; the bytes after it go
     * to the body. Returns one of FED, HEAD_DONE, END, REFUSED, BROKEN.
     */
    int feed(byte[] bytes, int offset, int length) {
        this.bytes += length;
        int result = FED;
        if (phase == HEAD) {
            int used = collectHead(bytes, offset, length);
            if (used < 0) {
                return headLength > MAX_HEAD ? broken("response head over " + MAX_HEAD + " bytes") : FED;
            }
            parseHead();
            if (status == 0) {
                return broken("not an HTTP response: " + headText(80));
            }
            if (status != 200) {
                return REFUSED;
            }
            head = null;
            result = HEAD_DONE;
            offset += used;
            length -= used;
            if (length == 0) {
                return result;
            }
        }
        if (!chunked) {
            sse(bytes, offset, offset + length);
            return result;
        }
        try {
            chunks.feed(bytes, offset, length, this);
        } catch (ChunkedBody.MalformedChunk e) {
            return broken("bad chunked coding: " + e.getMessage());
        }
        return chunks.done() ? END : result;
    }

    private int broken(String why) {
        failure = why;
        return BROKEN;
    }

    @Override
    public void body(byte[] bytes, int offset, int length) {
        sse(bytes, offset, offset + length);
    }

    /** Appends to the head; returns how many of these bytes belong to it once it is complete, else -1. */
    private int collectHead(byte[] bytes, int offset, int length) {
        int start = headLength;
        int room = Math.min(length, MAX_HEAD + 1 - headLength);
        if (headLength + room > head.length) {
            head = Arrays.copyOf(head, Math.max(headLength + room, head.length * 2));
        }
        System.arraycopy(bytes, offset, head, headLength, room);
        headLength += room;
        // the head ends at the first empty line (CRLF CRLF, or bare LF LF)
        for (int i = Math.max(1, start - 3); i < headLength; i++) {
            if (head[i] == '\n') {
                if (head[i - 1] == '\n') {
                    return i + 1 - start;
                }
                if (i >= 3 && head[i - 1] == '\r' && head[i - 2] == '\n' && head[i - 3] == '\r') {
                    return i + 1 - start;
                }
            }
        }
        return -1;
    }

    private void parseHead() {
        String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            return;
        }
        try {
            status = Integer.parseInt(statusLine[1].trim());
        } catch (NumberFormatException e) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-type" -> contentType = value;
                case "retry-after" -> {
                    try {
                        retryAfterSeconds = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        retryAfterSeconds = 1; // an HTTP date: not worth parsing for a load generator
                    }
                }
                default -> {
                }
            }
        }
    }

    String headText(int max) {
        if (head == null) {
            return "";
        }
        String text = new String(head, 0, Math.min(headLength, max), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "").replace('\n', '|');
    }

    // ---------------------------------------------------------------- SSE

    /**
     * Splits the body into lines (LF, CRLF or CR) and interprets each. A line that continues in the next
     * slice (a TCP segment or chunk boundary) is carried over in a small buffer; lines from a well-behaved
     * server rarely split, so most lines are read in place.
     */
    private void sse(byte[] b, int i, int end) {
        if (skipLf && i < end) {
            skipLf = false;
            if (b[i] == '\n') {
                i++;
            }
        }
        while (i < end) {
            int start = i;
            while (i < end) {
                byte c = b[i];
                if (c <= '\r' && (c == '\n' || c == '\r')) {
                    break;
                }
                i++;
            }
            if (i == end) {
                carry(b, start, end);
                return;
            }
            int lineEnd = i++;
            if (b[lineEnd] == '\r') {
                if (i == end) {
                    skipLf = true;
                } else if (b[i] == '\n') {
                    i++;
                }
            }
            if (carrying) {
                carry(b, start, lineEnd);
                int length = carryLength;
                carrying = false;
                carryLength = 0;
                line(carryBuffer, 0, length);
            } else {
                line(b, start, lineEnd);
            }
        }
    }

    /** Keeps the start of a line that goes on in the next slice (its first 4 KiB are enough for us). */
    private void carry(byte[] b, int from, int to) {
        carrying = true;
        if (carryBuffer == null) {
            carryBuffer = new byte[256];
        }
        int take = Math.min(to - from, MAX_CARRY - carryLength);
        if (take > 0) {
            if (carryLength + take > carryBuffer.length) {
                carryBuffer = Arrays.copyOf(carryBuffer, Math.min(MAX_CARRY, Math.max(carryLength + take, carryBuffer.length * 2)));
            }
            System.arraycopy(b, from, carryBuffer, carryLength, take);
            carryLength += take;
        }
    }

    /** One line, without its end of line. */
    private void line(byte[] b, int s, int e) {
        int length = e - s;
        if (length == 0) {
            dispatch();
            return;
        }
        byte c0 = b[s];
        if (c0 == ':') {
            return; // comment
        }
        if (c0 == 'd' && length >= 5 && b[s + 1] == 'a' && b[s + 2] == 't' && b[s + 3] == 'a' && b[s + 4] == ':') {
            if (dataState == D_START) {
                data(b, valueStart(b, s + 5, e), e);
            }
        } else if (c0 == 'i' && length >= 3 && b[s + 1] == 'd' && b[s + 2] == ':') {
            setId(b, valueStart(b, s + 3, e), e);
        } else if (c0 == 'e' && length >= 6 && b[s + 1] == 'v' && b[s + 2] == 'e' && b[s + 3] == 'n' && b[s + 4] == 't'
                && b[s + 5] == ':') {
            int v = valueStart(b, s + 6, e);
            eventIsError = e - v == ERROR.length && Arrays.equals(b, v, e, ERROR, 0, ERROR.length);
        } else if (length == 2 && c0 == 'i' && b[s + 1] == 'd') {
            setId(b, s, s); // "id" alone: an empty id
        } else if (length == 5 && c0 == 'e' && b[s + 1] == 'v') {
            eventIsError = false; // "event" alone: the default type
        }
        // retry:, data without colon, unknown fields: nothing to do
    }

    private static int valueStart(byte[] b, int v, int e) {
        return v < e && b[v] == ' ' ? v + 1 : v;
    }

    private void setId(byte[] b, int v, int e) {
        int length = Math.min(e - v, 1024);
        if (length > lastId.length) {
            lastId = new byte[Math.max(length, lastId.length * 2)];
        }
        System.arraycopy(b, v, lastId, 0, length);
        lastIdLength = length;
    }

    /** The first data line of an event: {@code ["]s=<digits>;t=[-]<digits>;...}. */
    private void data(byte[] b, int i, int e) {
        dataState = D_BAD;
        if (i < e && b[i] == '"') {
            i++;
        }
        if (e - i < 7 || b[i] != 's' || b[i + 1] != '=') {
            return;
        }
        i += 2;
        long n = 0;
        int start = i;
        while (i < e && b[i] >= '0' && b[i] <= '9' && i - start < 18) {
            n = n * 10 + (b[i++] - '0');
        }
        if (i == start || i + 2 >= e || b[i] != ';' || b[i + 1] != 't' || b[i + 2] != '=') {
            return;
        }
        i += 3;
        boolean minus = i < e && b[i] == '-';
        if (minus) {
            i++;
        }
        long t = 0;
        start = i;
        while (i < e && b[i] >= '0' && b[i] <= '9' && i - start < 19) {
            t = t * 10 + (b[i++] - '0');
        }
        if (i == start || i >= e || b[i] != ';') {
            return;
        }
        seq = n;
        sentAt = minus ? -t : t;
        dataState = D_OK;
    }

    /** A blank line: the event is complete. */
    private void dispatch() {
        if (eventIsError) {
            errorEvents++;
            cutNotice = true;
        }
        if (dataState == D_OK) {
            reader.event(this, seq, sentAt);
        }
        dataState = D_START;
        eventIsError = false;
    }
}
