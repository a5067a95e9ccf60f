package io.ssehub.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The headers every request of a client carries: the ones given to {@link HubClientBuilder#header}, and
 * {@code Authorization: Bearer} from the token supplier, asked again for each request, so every publish and
 * every (re)connect of a stream carries the token current at that moment. Values are never shown: a header
 * may hold a credential, so {@link #toString()} and every message name headers only.
 */
final class RequestHeaders implements ClientRequestFilter {

    /** Set by the client itself; a second value would make the request ambiguous. */
    private static final Set<String> CLIENT_OWNED = Set.of("accept", "content-type", "content-length", "host",
            "last-event-id");

    private final Map<String, String> fixed;
    private final Supplier<String> token;

    /**
     * @param fixed by name (case-insensitive), as given
     * @param token the bearer token for each request, or {@code null} for none
     */
    RequestHeaders(Map<String, String> fixed, Supplier<String> token) {
        Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fixed.forEach((name, value) -> checked.put(requireName(name), requireValue(name, value)));
        if (token != null && checked.containsKey(HttpHeaders.AUTHORIZATION)) {
            throw new IllegalStateException("the Authorization header is set both as a header and as a token: choose one");
        }
        this.fixed = new LinkedHashMap<>(checked);
        this.token = token;
    }

    static RequestHeaders none() {
        return new RequestHeaders(Map.of(), null);
    }

    @Override
    public void filter(ClientRequestContext request) {
        fixed.forEach((name, value) -> request.getHeaders().putSingle(name, value));
        if (token != null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + currentToken());
        }
    }

    private String currentToken() {
        try {
            return requireToken(token.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("the token supplier's answer: " + e.getMessage());
        }
    }

    /** The token, stripped; the messages never show it, as it may be most of a real token. */
    static String requireToken(String token) {
        Objects.requireNonNull(token, "no token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token is blank");
        }
        if (hasLineBreak(token)) {
            throw new IllegalArgumentException("the token has a line break (CR or LF)");
        }
        return token.strip();
    }

    static String requireName(String name) {
        Objects.requireNonNull(name, "header name");
        if (name.isEmpty() || !name.chars().allMatch(RequestHeaders::isTokenChar)) {
            // Names are not secret; shown escaped so a line break is visible rather than acted on.
            throw new IllegalArgumentException("not a header name: \"" + name.replace("\r", "\\r").replace("\n", "\\n") + "\"");
        }
        if (CLIENT_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the client sets " + name + " itself");
        }
        return name;
    }

    private static String requireValue(String name, String value) {
        Objects.requireNonNull(value, () -> "the value of header " + name);
        if (hasLineBreak(value)) {
            throw new IllegalArgumentException("the value of header " + name + " has a line break (CR or LF)");
        }
        return value;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    /** RFC 9110, section 5.6.2: the characters of a field name. */
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    @Override
    public String toString() {
        return "RequestHeaders" + fixed.keySet() + (token == null ? "" : " + Authorization: Bearer (from the token supplier)");
    }
}
