package io.ssehub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.config.AddressRange;
import io.ssehub.config.TrustedProxies;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedClientTest {

    private static final String PROXY = "10.0.0.5";
    private final ForwardedClient client = new ForwardedClient(new TrustedProxies(
            List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("2001:db8:aaaa::/48"))));

    @ParameterizedTest(name = "X-Forwarded-For {1} from {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.5      | 198.51.100.1                       | 198.51.100.1",
        "10.0.0.5      | ' 198.51.100.1 '                   | 198.51.100.1",
        "10.0.0.5      | 203.0.113.1, 198.51.100.1          | 198.51.100.1",
        "10.0.0.5      | 198.51.100.1, 10.0.0.9             | 198.51.100.1",
        "10.0.0.5      | 10.0.0.7, 10.0.0.9                 | 10.0.0.7",
        "10.0.0.5      | 2001:db8::1                        | 2001:db8:0:0:0:0:0:1",
        "10.0.0.5      | 198.51.100.1:4711                  | 198.51.100.1",
        "10.0.0.5      | '[2001:db8::1]:4711'               | 2001:db8:0:0:0:0:0:1",
        "10.0.0.5      | 198.51.100.1, 2001:db8:aaaa::5     | 198.51.100.1",
        "10.0.0.5      | 198.51.100.1, unknown              | 10.0.0.5",
        "10.0.0.5      | 198.51.100.1,                      | 10.0.0.5",
        "10.0.0.5      | example.com                        | 10.0.0.5",
        "10.0.0.5      | 127.1                              | 10.0.0.5",
        "10.0.0.5      | 198.51.100.1:99999                 | 10.0.0.5",
        "10.0.0.5      | 198.51.100.1 198.51.100.2          | 10.0.0.5",
        "203.0.113.50  | 198.51.100.1                       | 203.0.113.50",
        "unknown       | 198.51.100.1                       | unknown",
        "2001:db8:aaaa:0:0:0:0:1 | 198.51.100.1             | 198.51.100.1",
        "2001:db8:bbbb:0:0:0:0:1 | 198.51.100.1             | 2001:db8:bbbb:0:0:0:0:1",
    })
    void xForwardedForNamesTheRightMostUntrustedHopOnlyFromATrustedPeer(String peer, String header, String client) {
        assertEquals(client, this.client.clientOf(peer, List.of(), List.of(header)));
    }

    @ParameterizedTest(name = "Forwarded {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "for=198.51.100.1                                       | 198.51.100.1",
        "For=198.51.100.1                                       | 198.51.100.1",
        "for=\"198.51.100.1:4711\"                              | 198.51.100.1",
        "for=\"[2001:db8::1]:4711\"                             | 2001:db8:0:0:0:0:0:1",
        "for=\"[2001:db8::1]\";proto=https;by=10.0.0.5          | 2001:db8:0:0:0:0:0:1",
        "for=203.0.113.1, for=198.51.100.1                      | 198.51.100.1",
        "for=198.51.100.1, for=10.0.0.9;proto=http              | 198.51.100.1",
        "proto=https;for=198.51.100.1;host=\"a,b;c\"            | 198.51.100.1",
        "for=198.51.100.1;by=\"[2001:db8::2]\"                  | 198.51.100.1",
        "for=\"\\1\\9\\8.51.100.1\"                             | 198.51.100.1",
        "for=198.51.100.1, proto=https                          | 10.0.0.5",
        "for=unknown                                            | 10.0.0.5",
        "for=_hidden                                            | 10.0.0.5",
        "for=198.51.100.1:_port                                 | 198.51.100.1",
        "for=\"[2001:db8::1\"                                   | 10.0.0.5",
        "for=\"198.51.100.1                                     | 10.0.0.5",
        "for=[2001:db8::1]                                      | 2001:db8:0:0:0:0:0:1",
        "for=2001:db8::1                                        | 10.0.0.5",
        "for=198.51.100.1;by                                    | 10.0.0.5",
        "=198.51.100.1                                          | 10.0.0.5",
        "for=198.51.100.1\"x\"                                  | 10.0.0.5",
        "for=\"198.51.100.1\"x                                  | 10.0.0.5",
        "for=\"[198.51.100.1]\"                                 | 10.0.0.5",
        "''                                                     | 10.0.0.5",
    })
    void forwardedNamesTheRightMostUntrustedForNode(String header, String client) {
        assertEquals(client, this.client.clientOf(PROXY, List.of(header), List.of()));
    }

    @ParameterizedTest(name = "{0} then {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "for=203.0.113.1    | for=198.51.100.1   | 198.51.100.1",
        "for=198.51.100.1   | for=10.0.0.9       | 198.51.100.1",
        "for=198.51.100.1   | for=unknown        | 10.0.0.5",
    })
    void severalForwardedHeadersAreOneListInOrder(String first, String second, String client) {
        assertEquals(client, this.client.clientOf(PROXY, List.of(first, second), List.of()));
    }

    @org.junit.jupiter.api.Test
    void forwardedWinsOverXForwardedForAndNeitherCountsWithoutTrustedProxies() {
        assertEquals("198.51.100.1", client.clientOf(PROXY, List.of("for=198.51.100.1"), List.of("198.51.100.2")));
        assertEquals(PROXY, new ForwardedClient(TrustedProxies.NONE)
                .clientOf(PROXY, List.of("for=198.51.100.1"), List.of("198.51.100.2")));
        assertEquals(PROXY, client.clientOf(PROXY, List.of(), List.of()));
    }
}
