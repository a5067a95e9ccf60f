package io.ssehub.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub behind a reverse proxy counts each client against its own address, as the trusted proxy forwarded
 * it, and nobody else can choose the address they count against. The proxy is this test connecting from
 * 127.0.0.1 (the one trusted address); an untrusted client is this test connecting from 127.0.0.2. The
 * address a stream counts against shows in the per-address stream limit (two here): a third stream from the
 * same address is refused with 503. Publishes are rate-limited per address in the same way (a burst of two).
 */
public abstract class ForwardedClientContract extends ServerContract {

    /** Settings by name, without a prefix. */
    protected static final Map<String, String> SETTINGS = Map.of(
            "proxy.trusted", "127.0.0.1",
            "streams.max.per.address", "2",
            "publish.rate", "1",
            "publish.burst", "2",
            "tick.interval", "0");

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress PROXY = address("127.0.0.1");
    private static final InetAddress UNTRUSTED = address("127.0.0.2");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RawEventStream> open = new ArrayList<>();
    @Override
    Map<String, String> settings() {
        return SETTINGS;
    }

    @BeforeEach
    void noStreamOpen() {
        await().atMost(WAIT).until(() -> subscribers() == 0);
    }

    @AfterEach
    void closeStreams() throws IOException {
        for (RawEventStream stream : open) {
            stream.close();
        }
        open.clear();
    }

    @Test
    void behindTheTrustedProxyEachForwardedClientCountsAgainstItsOwnAddress() throws IOException {
        assertEquals(200, stream(PROXY, "X-Forwarded-For: 198.51.100.1"));
        assertEquals(200, stream(PROXY, "X-Forwarded-For: 198.51.100.1"));
        assertEquals(503, stream(PROXY, "X-Forwarded-For: 198.51.100.1"), "a third stream of 198.51.100.1");
        assertEquals(200, stream(PROXY, "X-Forwarded-For: 198.51.100.2"), "another client of the same proxy");
        assertEquals(200, stream(PROXY, "Forwarded: for=\"[2001:db8::7]:4711\";proto=http"));
        assertEquals(200, stream(PROXY, "Forwarded: For=\"[2001:DB8:0::7]\""), "the same address, written otherwise");
        assertEquals(503, stream(PROXY, "X-Forwarded-For: 2001:db8::7"), "a third stream of 2001:db8::7");
    }

    // Threat: any client escapes the per-address limit (or fills another's) by sending a forwarded header itself.
    @Test
    void fromAnUntrustedPeerForwardedHeadersAreIgnored() throws IOException {
        assertEquals(200, stream(UNTRUSTED, "X-Forwarded-For: 198.51.100.11"));
        assertEquals(200, stream(UNTRUSTED, "Forwarded: for=198.51.100.12"));
        assertEquals(503, stream(UNTRUSTED, "X-Forwarded-For: 198.51.100.13\r\nForwarded: for=198.51.100.14"),
                "the third stream of 127.0.0.2, whatever it claims");
    }

    // Threat: a client behind the proxy forges hops to the left of what the proxy appended.
    @Test
    void hopsLeftOfWhatTheProxyAppendedAreTheClientsOwnAndIgnored() throws IOException {
        assertEquals(200, stream(PROXY, "X-Forwarded-For: 203.0.113.1, 198.51.100.21"));
        assertEquals(200, stream(PROXY, "X-Forwarded-For: 203.0.113.2, 127.0.0.1, 198.51.100.21"));
        assertEquals(503, stream(PROXY, "Forwarded: for=203.0.113.3, for=198.51.100.21"),
                "the third stream of 198.51.100.21, the right-most hop no trusted proxy holds");
    }

    // Threat: a malformed or unnamed hop makes the hub key on a forged or empty address.
    @Test
    void aHeaderThatCannotBeReadCountsAgainstTheProxy() throws IOException {
        assertEquals(200, stream(PROXY, "Forwarded: for=\"[2001:db8::1"));
        assertEquals(200, stream(PROXY, "X-Forwarded-For: not-an-address"));
        assertEquals(503, stream(PROXY, "Forwarded: for=unknown"), "the third stream counted against the proxy");
        assertEquals(503, stream(PROXY, "X-Forwarded-For: 198.51.100.31, 10.0.0.999"));
        assertEquals(503, stream(PROXY, "Forwarded: for=_hidden, for=198.51.100.32;by"));
        assertEquals(503, stream(PROXY, "X-Forwarded-For: 198.51.100.33\r\nX-Forwarded-For: 127.1"));
    }

    @Test
    void behindTheTrustedProxyEachForwardedClientHasItsOwnPublishBucket() throws Exception {
        int answered;
        int publishes = 0;
        do {
            answered = publish("X-Forwarded-For", "198.51.100.41");
            publishes++;
        } while (answered == 201 && publishes <= 10);
        assertEquals(429, answered, "198.51.100.41 ran out of its burst of two");
        assertEquals(201, publish("Forwarded", "for=198.51.100.42"), "another client of the same proxy has its own");
    }

    private int publish(String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base().resolve("events"))
                .header("Content-Type", "application/json")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\",\"type\":\"n\",\"data\":{}}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Opens a stream from {@code from} with these header lines; answers its status (a 200 stays open). */
    private int stream(InetAddress from, String headers) throws IOException {
        RawEventStream stream = RawEventStream.open(base(), base().getRawPath() + "events", Optional.of(from),
                headers + "\r\n", WAIT);
        if (stream.status() == 200) {
            open.add(stream);
        } else {
            stream.close();
        }
        return stream.status();
    }

    private int subscribers() throws IOException, InterruptedException {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base().resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).get("subscribers").asInt();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
