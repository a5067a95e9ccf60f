package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.RawClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WAR logs through the container's logging (java.util.logging, which embedded Tomcat uses as it is):
 * the hub's INFO lines are INFO records there, and clients that leave abruptly while events flow leave no
 * warning and no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatLoggingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CLIENTS_PER_DEPARTURE = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every record the container's logging publishes, whoever logged it. */
    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** What the container's logging published while the WAR was deployed and started. */
    private List<LogRecord> atStart;
    private EmbeddedTomcat tomcat;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        Logger.getLogger("").addHandler(recorder);
        tomcat = EmbeddedTomcat.start(Map.of("ssehub.tick.interval", "0", "ssehub.heartbeat.interval", "10m",
                "ssehub.streams.max.per.address", "10000"));
        base = tomcat.base();
        atStart = List.copyOf(records);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            tomcat.close();
        } finally {
            Logger.getLogger("").removeHandler(recorder);
        }
    }

    @Test
    void theHubsInfoLinesAreInfoRecordsOfTheContainersLogging() {
        List<LogRecord> started = atStart.stream()
                .filter(record -> record.getLoggerName().equals("io.ssehub.core.Hub"))
                .filter(record -> record.getMessage().startsWith("hub started"))
                .toList();
        assertEquals(1, started.size(), "the hub's start, logged once through java.util.logging");
        assertEquals(Level.INFO, started.get(0).getLevel());
    }

    // Threat: every client that leaves writes a SEVERE stack trace into the container's log, burying real errors.
    @Test
    void clientsLeavingAbruptlyWhileEventsFlowLeaveNoWarningAndNoStackTrace() throws Exception {
        records.clear();
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 3 * CLIENTS_PER_DEPARTURE; i++) {
            RawClient client = RawClient.connect(base)
                    .send("GET " + base.getRawPath() + "events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
            client.readUntil(i < CLIENTS_PER_DEPARTURE ? "\r\n\r\n" : "ssehub stream open\n", WAIT);
            clients.add(client);
        }
        await().atMost(WAIT).until(() -> subscribers() == clients.size());
        for (int i = 0; i < clients.size(); i++) {
            // After the head only, then with a reset, then with a plain close; events flow meanwhile.
            if (i < 2 * CLIENTS_PER_DEPARTURE && i >= CLIENTS_PER_DEPARTURE) {
                clients.get(i).vanish();
            } else {
                clients.get(i).close();
            }
            publish(i);
        }
        for (int i = 0; i < CLIENTS_PER_DEPARTURE; i++) {
            // Gone before the response could start: its head meets a reset connection.
            RawClient.connect(base)
                    .send("GET " + base.getRawPath() + "events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .vanish();
            publish(i);
        }
        await().atMost(WAIT).until(() -> {
            publish(-1);
            return subscribers() == 0;
        });

        List<String> loud = records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue() || record.getThrown() != null)
                .map(record -> record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " / " + record.getThrown()))
                .toList();
        assertEquals(List.of(), loud, "records about clients that left");
    }

    private void publish(int n) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\",\"type\":\"n\",\"data\":{\"n\":" + n + "}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    private int subscribers() throws IOException, InterruptedException {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(health.statusCode() == 200, health.body());
        return JSON.readTree(health.body()).get("subscribers").asInt();
    }
}
