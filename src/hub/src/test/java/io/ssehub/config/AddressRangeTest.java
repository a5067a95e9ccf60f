package io.ssehub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.7, 192.0.2.7, true",
        "192.0.2.7, 192.0.2.8, false",
        "192.0.2.7/32, 192.0.2.7, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.1.2.3/8, 10.200.0.1, true",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "192.168.1.128/25, 192.168.1.127, false",
        "192.168.1.128/25, 192.168.1.200, true",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8::/33, 2001:db8:8000::1, false",
        "2001:db8::/33, 2001:db8:7fff::1, true",
        "::1, ::1, true",
        "::1, 0:0:0:0:0:0:0:1, true",
        "::1/128, ::2, false",
        "::/0, ::ffff:7f00:1, false",
        "::/0, 2001:db8::1, true",
        "fe80::/10, febf::1, true",
        "fe80::/10, fec0::1, false",
        "192.0.2.0/24, ::ffff:192.0.2.9, true",
        "::ffff:192.0.2.9, 192.0.2.9, true",
        "192.0.2.0/24, 2001:db8::c000:209, false",
    })
    void containsExactlyTheAddressesOfItsBlock(String range, String address, boolean contained) throws Exception {
        assertEquals(contained, AddressRange.parse(range).contains(InetAddress.getByName(address)), range + " ∋ " + address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/08x",
        "2001:db8::/129", "10.0.0", "10.0.0.256", "010.0.0.1", "127.1", "localhost", "example.com",
        "[::1]", "::1%lo", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "10.0.0.0 /8", "0x7f.0.0.1", "1.2.3.4.5"})
    void refusesWhatIsNotAnAddressOrABlock(String text) {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(text));
    }

    @Test
    void bitsBeyondThePrefixAreDropped() {
        assertEquals("10.0.0.0/8", AddressRange.parse("10.1.2.3/8").toString());
        assertEquals("2001:db8:0:0:0:0:0:0/32", AddressRange.parse("2001:db8:1::/32").toString());
    }

    @Test
    void aLiteralIsReadWithoutAnyNameLookup() {
        assertEquals(Optional.empty(), IpLiteral.parse("localhost"));
        assertEquals(Optional.empty(), IpLiteral.parse("1:2:3:4:5:6:7:8:9"));
        assertTrue(IpLiteral.parse("2001:db8::1").isPresent());
        assertFalse(IpLiteral.parse(" 192.0.2.1").isPresent());
    }
}
