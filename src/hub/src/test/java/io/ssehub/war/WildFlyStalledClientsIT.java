package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.StalledClientsContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clients that stop reading, on the built WAR in WildFly (Undertow): they cost no thread and are cut. Then,
 * on the same server, clients that leave while events are being written to them, and the server's log: no
 * client that left, nor any that was cut, put an ERROR there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyStalledClientsIT extends StalledClientsContract {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int LEAVING = 40;
    /** Each event big enough that a client gone mid-stream has bytes of it still on their way. */
    private static final String PAD = "y".repeat(16 * 1024);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WildFlyServer wildFly;

    @Override
    protected URI start(Map<String, String> settings) throws Exception {
        wildFly = WildFlyServer.start("wildfly-stalled",
                WarSettings.asEnvironment(WarSettings.asContextParameters(settings)));
        return wildFly.base();
    }

    @Override
    protected void stop() throws Exception {
        wildFly.close();
    }

    // Threat: on Undertow, every client that leaves (or is cut) writes an ERROR stack trace (UT005088) into the server's log.
    @Test
    @Order(Integer.MAX_VALUE)
    void clientsLeavingWhileEventsFlowLeaveNoErrorInTheServerLog() throws Exception {
        await().atMost(WAIT).until(() -> subscribers() == 0);
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < LEAVING; i++) {
            RawClient client = RawClient.connect(base())
                    .send("GET " + base().getRawPath() + "events?topic=leave HTTP/1.1\r\nHost: x\r\n"
                            + "Accept: text/event-stream\r\n\r\n");
            client.readUntil(i % 4 == 0 ? "\r\n\r\n" : "ssehub stream open\n", WAIT);
            clients.add(client);
        }
        await().atMost(WAIT).until(() -> subscribers() == LEAVING);
        for (int i = 0; i < clients.size(); i++) {
            // With a reset or a plain close, after the head only or later; events flow meanwhile.
            if (i % 2 == 0) {
                clients.get(i).vanish();
            } else {
                clients.get(i).close();
            }
            publish(i);
        }
        await().atMost(WAIT).until(() -> {
            publish(-1);
            return subscribers() == 0;
        });

        String log = Files.readString(wildFly.log(), StandardCharsets.UTF_8);
        Matcher error = WildFlyServer.ERROR_LINE.matcher(log);
        if (error.find()) {
            throw new AssertionError("an error in " + wildFly.log() + ":\n"
                    + log.substring(error.start(), Math.min(log.length(), error.start() + 2000)));
        }
    }

    private void publish(int n) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"leave\",\"type\":\"n\",\"data\":{\"n\":" + n
                        + ",\"pad\":\"" + PAD + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    private int subscribers() throws IOException, InterruptedException {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base().resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        return JSON.readTree(health.body()).get("subscribers").asInt();
    }
}
