package io.ssehub.config;

import java.net.InetAddress;
import java.util.List;

/**
 * The proxies whose word the hub takes for a request's client address ({@code proxy.trusted}): only from
 * these does it read {@code Forwarded} or {@code X-Forwarded-For}. None by default.
 */
public record TrustedProxies(List<AddressRange> ranges) {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
        ranges = List.copyOf(ranges);
    }

    public boolean trusts(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
