package io.ssehub.runtime.grizzly;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.http.HttpRequestPacket;
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

    /** Why the request's framing cannot be trusted, or empty when it can. */
    static Optional<String> problem(Request request) {
        if (plainlyFramed(request.getRequest())) {
            return Optional.empty();
        }
        List<String> codings = values(request, Header.TransferEncoding);
        List<String> lengths = values(request, Header.ContentLength);
        // Grizzly drops a Content-Length that a chunked Transfer-Encoding follows; the codec counted it.
        Integer lengthHeaders = HubHttpCodec.CONTENT_LENGTH_HEADERS.get(request.getRequest());
        boolean sentALength = !lengths.isEmpty() || lengthHeaders != null && lengthHeaders > 0;
        if (!codings.isEmpty() && sentALength) {
            return Optional.of("a request may not carry both Content-Length and Transfer-Encoding");
        }
        if (!codings.isEmpty() && !(codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0)))) {
            return Optional.of("the only transfer coding accepted is a single 'chunked'");
        }
        if (!oneDecimalNumber(lengths)) {
            return Optional.of("Content-Length must be one decimal number");
        }
        return Optional.empty();
    }

    /**
     * The common case, decided on the header bytes Grizzly parsed, without a string per value: no
     * Transfer-Encoding and at most one Content-Length, a lone decimal number. What this accepts, the rules in
     * {@link #problem} accept too; anything else is left to them. (Made strings, the values had cost more
     * than the rest of a plain publish's framing checks together.)
     */
    private static boolean plainlyFramed(HttpRequestPacket request) {
        Integer lengthHeaders = HubHttpCodec.CONTENT_LENGTH_HEADERS.get(request);
        if (lengthHeaders != null && lengthHeaders > 1) {
            return false;
        }
        MimeHeaders headers = request.getHeaders();
        DataChunk length = null;
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            if (name.equalsIgnoreCase(TRANSFER_ENCODING)) {
                return false;
            }
            if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
                if (length != null) {
                    return false;
                }
                length = headers.getValue(i);
            }
        }
        return length == null || HeaderBytes.isDecimal(length, MAX_LENGTH_DIGITS);
    }

    /** Whether every length is the same decimal number (none at all is fine). */
    private static boolean oneDecimalNumber(List<String> lengths) {
        for (String length : lengths) {
            if (!decimal(length) || !length.equals(lengths.get(0))) {
                return false;
            }
        }
        return true;
    }

    private static boolean decimal(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH_DIGITS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Every value of a header, comma-separated lists split, each without its optional whitespace (RFC 9110,
     * 5.6.3). Checked on every request, so by hand rather than with patterns and streams: on the publish path
     * these checks had cost more than the rest of the framing rules together.
     */
    private static List<String> values(Request request, Header header) {
        List<String> values = List.of();
        for (String line : request.getHeaders(header.toString())) {
            if (values.isEmpty()) {
                values = new ArrayList<>(2);
            }
            int start = 0;
            for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', start)) {
                values.add(withoutOptionalWhitespace(line, start, comma));
                start = comma + 1;
            }
            values.add(withoutOptionalWhitespace(line, start, line.length()));
        }
        return values;
    }

    /** Optional whitespace is spaces and tabs only: {@link String#strip} would take more. */
    private static String withoutOptionalWhitespace(String line, int start, int end) {
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(start, end);
    }
}
