package io.ssehub.runtime.grizzly;

import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * Checks that a request says in exactly one way where its body ends (RFC 9112, section 6). A request
 * carrying both {@code Content-Length} and {@code Transfer-Encoding}, a transfer coding other than a
 * lone {@code chunked}, or disagreeing lengths is how requests are smuggled past a proxy that reads the
 * framing differently: such a request is refused and its connection closed (section 6.1: "ought to be
 * handled as an error"; section 6.3: a bad length is unrecoverable).
 */
final class RequestFraming {

    /** The longest Content-Length a long can hold without question. */
    private static final int MAX_LENGTH_DIGITS = 18;
    private static final String TRANSFER_ENCODING = Header.TransferEncoding.toString();
    private static final String CONTENT_LENGTH = Header.ContentLength.toString();

    private RequestFraming() {
    }

    /**
     * Why the request's framing cannot be trusted, or empty when it can. Every request is checked, so the
     * values are read where Grizzly parsed them: made strings, they had cost more than the rest of a plain
     * publish's framing checks together.
     */
    static Optional<String> problem(Request request) {
        Framing framing = new Framing();
        MimeHeaders headers = request.getRequest().getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            if (name.equalsIgnoreCase(TRANSFER_ENCODING)) {
                framing.read(headers.getValue(i), true);
            } else if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
                framing.read(headers.getValue(i), false);
            }
        }
        // Grizzly drops a Content-Length that a chunked Transfer-Encoding follows; the codec counted it.
        Integer lengthHeaders = HubHttpCodec.CONTENT_LENGTH_HEADERS.get(request.getRequest());
        boolean sentALength = framing.lengths > 0 || lengthHeaders != null && lengthHeaders > 0;
        if (framing.codings > 0 && sentALength) {
            return Optional.of("a request may not carry both Content-Length and Transfer-Encoding");
        }
        if (framing.codings > 0 && !(framing.codings == 1 && framing.chunked)) {
            return Optional.of("the only transfer coding accepted is a single 'chunked'");
        }
        if (!framing.oneDecimalNumber) {
            return Optional.of("Content-Length must be one decimal number");
        }
        return Optional.empty();
    }

    /** What the request's Transfer-Encoding and Content-Length headers say, read a list element at a time. */
    private static final class Framing {

        int codings;
        /** Whether the last transfer coding read is {@code chunked} (what matters only when it is the only one). */
        boolean chunked;
        int lengths;
        /** Whether every length is the same decimal number (none at all is fine). */
        boolean oneDecimalNumber = true;
        private DataChunk firstLength;
        private int firstLengthFrom;
        private int firstLengthTo;

        /**
         * Each element of the value's comma-separated list, without its optional whitespace (RFC 9110, 5.6.3);
         * an empty element counts as one.
         */
        void read(DataChunk value, boolean coding) {
            int length = value.getLength();
            int start = 0;
            while (true) {
                int comma = start;
                while (comma < length && HeaderBytes.at(value, comma) != ',') {
                    comma++;
                }
                int from = HeaderBytes.withoutLeadingWhitespace(value, start, comma);
                int to = HeaderBytes.withoutTrailingWhitespace(value, from, comma);
                if (coding) {
                    codings++;
                    chunked = HeaderBytes.equalsIgnoringCase(value, from, to, "chunked");
                } else {
                    length(value, from, to);
                }
                if (comma == length) {
                    return;
                }
                start = comma + 1;
            }
        }

        private void length(DataChunk value, int from, int to) {
            lengths++;
            if (!HeaderBytes.isDecimal(value, from, to, MAX_LENGTH_DIGITS)) {
                oneDecimalNumber = false;
            } else if (firstLength == null) {
                firstLength = value;
                firstLengthFrom = from;
                firstLengthTo = to;
            } else if (!HeaderBytes.same(firstLength, firstLengthFrom, firstLengthTo, value, from, to)) {
                oneDecimalNumber = false;
            }
        }
    }
}
