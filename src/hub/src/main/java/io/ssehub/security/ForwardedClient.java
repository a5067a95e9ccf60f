package io.ssehub.security;

import io.ssehub.config.IpLiteral;
import io.ssehub.config.TrustedProxies;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client a request is from when it came through trusted reverse proxies. Each proxy appends the
 * address it was connected from to {@code Forwarded} ({@code for=}, RFC 7239) or {@code X-Forwarded-For};
 * everything left of what a trusted proxy wrote is the client's to forge. So the hops are read from the
 * right, past every trusted proxy, and the first hop no trusted proxy holds is the client. The headers
 * count only when the connection itself comes from a trusted proxy, and {@code Forwarded} wins when both
 * are sent. A header that cannot be read, or a hop a proxy could not name ({@code unknown}, an obfuscated
 * identifier), leaves the request at the proxy's own address: stricter limits, never a forged key.
 */
public final class ForwardedClient {

    private final TrustedProxies trusted;

    public ForwardedClient(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /**
     * @param peer         the address the connection came from, as the container saw it
     * @param forwarded    every {@code Forwarded} header value, in order (empty when none was sent)
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order (empty when none was sent)
     * @return the client's address, or {@code peer} when the headers do not count or do not say
     */
    public String clientOf(String peer, List<String> forwarded, List<String> forwardedFor) {
        if (trusted.isEmpty() || IpLiteral.parse(peer).filter(trusted::trusts).isEmpty()) {
            return peer;
        }
        Optional<List<Optional<InetAddress>>> hops = !forwarded.isEmpty() ? forwardedHops(forwarded)
                : !forwardedFor.isEmpty() ? Optional.of(forwardedForHops(forwardedFor)) : Optional.empty();
        if (hops.isEmpty() || hops.get().isEmpty()) {
            return peer;
        }
        List<Optional<InetAddress>> named = hops.get();
        for (int i = named.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = named.get(i);
            if (hop.isEmpty()) {
                return peer;
            }
            if (!trusted.trusts(hop.get()) || i == 0) {
                // The first hop no trusted proxy holds; or, when every hop is a trusted proxy, the first.
                return hop.get().getHostAddress();
            }
        }
        return peer;
    }

    /** One hop per forwarded-element, its {@code for=} node; empty when a header breaks RFC 7239's syntax. */
    private static Optional<List<Optional<InetAddress>>> forwardedHops(List<String> headers) {
        List<Optional<InetAddress>> hops = new ArrayList<>();
        for (String header : headers) {
            Optional<List<String>> elements = split(header, ',');
            if (elements.isEmpty()) {
                return Optional.empty();
            }
            for (String element : elements.get()) {
                Optional<InetAddress> hop = Optional.empty();
                Optional<List<String>> pairs = split(element, ';');
                if (pairs.isEmpty()) {
                    return Optional.empty();
                }
                for (String pair : pairs.get()) {
                    String trimmed = pair.strip();
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    int equals = trimmed.indexOf('=');
                    if (equals <= 0) {
                        return Optional.empty();
                    }
                    if (trimmed.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("for")) {
                        Optional<String> value = unquoted(trimmed.substring(equals + 1).strip());
                        if (value.isEmpty()) {
                            return Optional.empty();
                        }
                        hop = node(value.get());
                    }
                }
                hops.add(hop);
            }
        }
        return Optional.of(hops);
    }

    /** One hop per comma-separated entry: an IP address, possibly with a port. */
    private static List<Optional<InetAddress>> forwardedForHops(List<String> headers) {
        List<Optional<InetAddress>> hops = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",", -1)) {
                String trimmed = entry.strip();
                hops.add(IpLiteral.parse(trimmed).or(() -> node(trimmed)));
            }
        }
        return hops;
    }

    /** RFC 7239's node: an IPv4 address or a bracketed IPv6 one, either with an optional port. */
    private static Optional<InetAddress> node(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !portOrNothing(node.substring(close + 1))) {
                return Optional.empty();
            }
            String address = node.substring(1, close);
            return address.indexOf(':') >= 0 ? IpLiteral.parse(address) : Optional.empty();
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && !portOrNothing(node.substring(colon))) {
            return Optional.empty();
        }
        String address = colon < 0 ? node : node.substring(0, colon);
        return address.indexOf(':') < 0 ? IpLiteral.parse(address) : Optional.empty();
    }

    /** Nothing, or RFC 7239's {@code ":" node-port}: a port number or an obfuscated one ({@code _abc}). */
    private static boolean portOrNothing(String rest) {
        return rest.isEmpty() || rest.matches(":_[A-Za-z0-9._-]+")
                || rest.matches(":[0-9]{1,5}") && Integer.parseInt(rest.substring(1)) <= 65_535;
    }

    /** A token as it is, a quoted-string without its quotes and escapes; empty when a quote is left open. */
    private static Optional<String> unquoted(String value) {
        if (!value.startsWith("\"")) {
            return value.indexOf('"') < 0 ? Optional.of(value) : Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                text.append(value.charAt(++i));
            } else if (c == '"') {
                return i == value.length() - 1 ? Optional.of(text.toString()) : Optional.empty();
            } else {
                text.append(c);
            }
        }
        return Optional.empty();
    }

    /** Splits at {@code separator} outside quoted-strings; empty when a quote is left open. */
    private static Optional<List<String>> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        parts.add(part.toString());
        return Optional.of(parts);
    }
}
