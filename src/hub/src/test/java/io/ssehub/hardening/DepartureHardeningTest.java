package io.ssehub.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A client that leaves gives its stream's place back when it leaves, not at the next keep-alive. */
class DepartureHardeningTest {

    private static final int CLIENTS = 20;
    /** Far beyond the test: a departure seen at all was seen through the connection, not a keep-alive write. */
    private static final String HEARTBEAT = "10m";
    /** The bound for noticing every departure; the keep-alive would take ten minutes. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(3);

    /** How a client leaves. */
    enum Departure { FIN, RST, CLOSE_AFTER_HEAD }

    // Threat: closed streams keep their places until the next keep-alive, so the same address is refused with 503 meanwhile.
    @ParameterizedTest
    @EnumSource(Departure.class)
    void departedClientsGiveTheirPlacesBackAtOnce(Departure departure) throws Exception {
        try (TestHub hub = TestHub.start(Map.of("heartbeat.interval", HEARTBEAT,
                "streams.max.per.address", Integer.toString(CLIENTS)))) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RawClient client = RawClient.connect(hub.uri())
                        .send("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
                client.readUntil(departure == Departure.CLOSE_AFTER_HEAD ? "\r\n\r\n" : "ssehub stream open\n\n",
                        Duration.ofSeconds(10));
                clients.add(client);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscribers() == CLIENTS);
            for (RawClient client : clients) {
                if (departure == Departure.RST) {
                    client.vanish();
                } else {
                    client.close();
                }
            }
            await().atMost(NOTICED_WITHIN).untilAsserted(() -> assertEquals(0, hub.subscribers(), "streams still counted"));
            try (RawClient next = RawClient.connect(hub.uri())) {
                String head = next.send("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                        .readUntil("\r\n\r\n", Duration.ofSeconds(10));
                assertEquals("HTTP/1.1 200 OK", head.lines().findFirst().orElse(""), head);
            }
        }
    }
}
