package io.ssehub.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.Chromium;
import io.ssehub.testing.NodeEventSource;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A graceful restart must never leave a standard {@code EventSource} dead. Chromium's own
 * {@code EventSource} (no reconnect logic of the page's) treats any non-200 answer as final and retries only
 * network errors, and it reuses a kept-alive connection for its reconnect: a hub that answers 503 on the way
 * down, or that leaves a stream's connection open after ending it, loses it for good. npm's
 * {@code eventsource} (2 and 3, what Node applications use) reads the same streams alongside. Ten restarts
 * with the default shutdown grace and retry hint; after each, every client receives a {@code reset} and then
 * the new run's event.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class BrowserEventSourceRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int RESTARTS = 10;
    private static final String STREAM = "/events?topic=restarts";

    @Test
    void aPlainEventSourceSurvivesTenGracefulRestarts() throws Exception {
        // The defaults a user runs with: TestHub shortens the shutdown grace, which would hide the defect.
        Map<String, String> defaults = Map.of("shutdown.grace", "5s", "retry", "3s");
        TestHub hub = TestHub.start(defaults);
        Map<String, String> restarted = new HashMap<>(defaults);
        restarted.put("port", Integer.toString(hub.uri().getPort()));
        ChromeDriver browser = Chromium.start();
        try (NodeEventSource node2 = NodeEventSource.open("2.0.2", hub.uri(STREAM), "note", "reset");
             NodeEventSource node3 = NodeEventSource.open("3.0.7", hub.uri(STREAM), "note", "reset")) {
            // A page of the hub's origin that opens no stream of its own (the hub's page at / does).
            browser.get(hub.uri("health").toString());
            browser.executeScript("window.received = [];"
                    + "window.source = new EventSource('" + STREAM + "');"
                    + "window.source.addEventListener('note', e => window.received.push('note ' + e.lastEventId));"
                    + "window.source.addEventListener('reset', e => window.received.push('reset '));"
                    + "window.source.addEventListener('error', e => {"
                    + "  if (window.source.readyState === 2) { window.received.push('closed'); } });");
            Map<String, Supplier<List<String>>> clients = new LinkedHashMap<>();
            clients.put("Chromium's EventSource", () -> received(browser));
            clients.put("npm eventsource 2", node2::lines);
            clients.put("npm eventsource 3", node3::lines);

            List<String> expected = new ArrayList<>();
            for (int run = 0; run <= RESTARTS; run++) {
                if (run > 0) {
                    // A publisher still sending its body holds the graceful stop for the whole grace, longer
                    // than the retry hint: the clients come back while the old hub is still on its way down.
                    try (Socket unfinishedPublish = unfinishedPublish(hub)) {
                        hub.close();
                    }
                    hub = TestHub.start(restarted);
                    expected.add("reset ");
                } else {
                    // The first event goes only to streams already open (they have no id to resume from yet).
                    TestHub first = hub;
                    await().atMost(WAIT).until(() -> first.subscribers() == clients.size());
                }
                // Published at once: the clients, reconnecting later, get it from the new run's log (after a
                // reset, their last id being of the old run).
                String note = "note " + hub.publish("restarts", "note", "{\"run\":" + run + "}");
                expected.add(note);
                await().atMost(WAIT).until(() -> clients.values().stream()
                        .allMatch(client -> client.get().contains(note) || client.get().contains("closed")));
                for (Map.Entry<String, Supplier<List<String>>> client : clients.entrySet()) {
                    // Ids only: the reset notice carries no id, so its line is the type alone.
                    assertEquals(expected, client.getValue().get().stream().map(line -> line.startsWith("reset") ? "reset " : line)
                            .toList(), client.getKey() + " after restart " + run + " (closed: gave up for good)");
                }
            }
        } finally {
            browser.quit();
            hub.close();
        }
    }

    /** A publish whose body has only begun: an open request the graceful stop waits for. */
    private static Socket unfinishedPublish(TestHub hub) throws IOException {
        Socket socket = new Socket(hub.uri().getHost(), hub.uri().getPort());
        socket.getOutputStream().write(("POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"topic\":").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @SuppressWarnings("unchecked")
    private static List<String> received(ChromeDriver browser) {
        return new ArrayList<>((List<String>) browser.executeScript("return window.received;"));
    }
}
