package io.ssehub.runtime.grizzly;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.Header;

/**
 * Checks that a request says in exactly one way where its body ends (RFC 9112, section 6). A request
 * carrying both {@code Content-Length} and {@code Transfer-Encoding}, a transfer coding other than a
 * lone {@code chunked}, or disagreeing lengths is how requests are smuggled past a proxy that reads the
 * framing differently: such a request is refused and its connection closed (section 6.1: "ought to be
 * handled as an error"; section 6.3: a bad length is unrecoverable).
 */
final class RequestFraming {

    /** Optional whitespace around a list element (RFC 9110, 5.6.3): spaces and tabs. */
    private static final Pattern OPTIONAL_WHITESPACE = Pattern.compile("^[ \\t]+|[ \\t]+$");
    /** A Content-Length a long can hold. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    private RequestFraming() {
    }

    /** Why the request's framing cannot be trusted, or empty when it can. */
    static Optional<String> problem(Request request) {
        List<String> codings = values(request, Header.TransferEncoding);
        List<String> lengths = values(request, Header.ContentLength);
        // Grizzly drops a Content-Length that a chunked Transfer-Encoding follows; the codec counted it.
        Object lengthHeaders = request.getRequest().getAttribute(HubHttpCodec.CONTENT_LENGTH_HEADERS);
        boolean sentALength = !lengths.isEmpty() || lengthHeaders instanceof Integer count && count > 0;
        if (!codings.isEmpty() && sentALength) {
            return Optional.of("a request may not carry both Content-Length and Transfer-Encoding");
        }
        if (!codings.isEmpty() && !(codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0)))) {
            return Optional.of("the only transfer coding accepted is a single 'chunked'");
        }
        if (lengths.stream().distinct().count() > 1 || lengths.stream().anyMatch(length -> !DECIMAL.matcher(length).matches())) {
            return Optional.of("Content-Length must be one decimal number");
        }
        return Optional.empty();
    }

    /** Every value of a header, comma-separated lists split, each without its optional whitespace (RFC 9110, 5.6.3). */
    private static List<String> values(Request request, Header header) {
        List<String> values = new ArrayList<>();
        for (String line : request.getHeaders(header.toString())) {
            for (String value : line.split(",", -1)) {
                values.add(OPTIONAL_WHITESPACE.matcher(value).replaceAll(""));
            }
        }
        return values;
    }
}
