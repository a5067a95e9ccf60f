package io.ssehub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Comma-separated addresses or CIDR blocks, IPv4 or IPv6; none when empty. */
record ProxyRanges() implements SettingRule<TrustedProxies> {

    @Override
    public TrustedProxies read(String text, Function<String, Object> others) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String item : text.split(",")) {
            String range = item.trim();
            if (range.isEmpty()) {
                continue;
            }
            try {
                ranges.add(AddressRange.parse(range));
            } catch (IllegalArgumentException e) {
                throw new Broken(text() + "; " + e.getMessage());
            }
        }
        return new TrustedProxies(ranges);
    }

    @Override
    public String text() {
        return "comma-separated IP addresses or CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32";
    }
}
