package io.ssehub.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address written out, IPv4 dotted-quad or IPv6, read without any name lookup: a text that is not a
 * literal address is no address (a host name here would cost a DNS query per request, and could be made
 * to answer anything).
 */
public final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** Four decimal octets, no leading zeros (which some parsers read as octal), no short forms like {@code 127.1}. */
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** The characters of an IPv6 literal (an embedded IPv4 tail included); no zone, no brackets. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {
    }

    /** The address {@code text} writes out, or empty when it is not exactly one IP literal. */
    public static Optional<InetAddress> parse(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
            if (text.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(text).matches()) {
                // In brackets the JDK reads the text as an IPv6 literal or refuses it, never asking DNS.
                return Optional.of(InetAddress.getByName("[" + text + "]"));
            }
        } catch (UnknownHostException notALiteral) {
            // falls through: not an address
        }
        return Optional.empty();
    }
}
