package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.RawClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WAR on Jetty 12 gives a departed client's stream place back when it leaves, not at the next
 * keep-alive.
 */
class JettyDepartureIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CLIENTS = 20;
    /** The bound for noticing every departure; the keep-alive would take ten minutes. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedJetty jetty;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        // The keep-alive is far beyond the test: a departure seen at all was not seen through a keep-alive.
        jetty = EmbeddedJetty.start(Map.of("ssehub.heartbeat.interval", "10m", "ssehub.tick.interval", "0",
                "ssehub.streams.max.per.address", "10000"));
        base = jetty.base();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    // Threat: in a servlet container, streams whose clients left (FIN, RST, or closed after the head) keep their places until the next keep-alive.
    @ParameterizedTest
    @ValueSource(strings = {"FIN", "RST", "CLOSE_AFTER_HEAD"})
    void departedClientsAreForgottenWhenTheyLeave(String departure) throws Exception {
        // Every earlier test's clients have left too: start from none.
        await().atMost(WAIT).untilAsserted(() -> assertEquals(0, subscribers(), "streams left by an earlier test"));
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RawClient client = RawClient.connect(base)
                    .send("GET " + base.getRawPath() + "events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
            client.readUntil(departure.equals("CLOSE_AFTER_HEAD") ? "\r\n\r\n" : "ssehub stream open\n\n", WAIT);
            clients.add(client);
        }
        await().atMost(WAIT).until(() -> subscribers() == CLIENTS);
        for (RawClient client : clients) {
            if (departure.equals("RST")) {
                client.vanish();
            } else {
                client.close();
            }
        }
        await().atMost(NOTICED_WITHIN).untilAsserted(() -> assertEquals(0, subscribers(), "streams still counted"));
    }

    private static int subscribers() throws Exception {
        try (RawClient exchange = RawClient.connect(base)) {
            String answer = exchange.send("GET " + base.getRawPath() + "health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .readUntilClosed(WAIT);
            return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("subscribers").asInt();
        }
    }
}
