package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.Chromium;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A graceful restart must never leave a standard {@code EventSource} dead. Chromium's own
 * {@code EventSource} (no reconnect logic of the page's) treats any non-200 answer as final and retries only
 * network errors, and it reuses a kept-alive connection for its reconnect: a hub that answers 503 on the way
 * down, or that leaves a stream's connection open after ending it, loses it for good. Ten restarts with the
 * default shutdown grace and retry hint; after each, the browser receives the new run's events.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrowserEventSourceRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int RESTARTS = 10;

    private ChromeDriver browser;

    @Test
    void aPlainEventSourceSurvivesTenGracefulRestarts() throws Exception {
        // The defaults a user runs with: TestHub shortens the shutdown grace, which would hide the defect.
        Map<String, String> defaults = Map.of("shutdown.grace", "5s", "retry", "3s");
        TestHub hub = TestHub.start(defaults);
        String port = Integer.toString(hub.uri().getPort());
        Map<String, String> restarted = new java.util.HashMap<>(defaults);
        restarted.put("port", port);
        browser = Chromium.start();
        try {
            browser.get(hub.uri().toString());
            browser.executeScript("window.received = [];"
                    + "window.source = new EventSource('/events?topic=restarts');"
                    + "window.source.addEventListener('note', e => window.received.push(e.lastEventId));");

            List<String> published = new ArrayList<>();
            for (int run = 0; run <= RESTARTS; run++) {
                if (run > 0) {
                    // A publisher still sending its body holds the graceful stop for the whole grace, longer
                    // than the retry hint: the browser comes back while the old hub is still on its way down.
                    try (Socket unfinishedPublish = unfinishedPublish(hub)) {
                        hub.close();
                    }
                    hub = TestHub.start(restarted);
                }
                // Published at once: the browser, reconnecting later, gets it from the new run's log (after a
                // reset, its last id being of the old run).
                String id = hub.publish("restarts", "note", "{\"run\":" + run + "}");
                published.add(id);
                String expected = id;
                new WebDriverWait(browser, WAIT).until(driver -> received().contains(expected)
                        || Long.valueOf(2).equals(browser.executeScript("return window.source.readyState;")));
                assertTrue(received().contains(expected), () -> "after restart " + expected + " the EventSource is "
                        + browser.executeScript("return window.source.readyState;") + " (2: closed for good), received "
                        + received());
            }

            assertEquals(published, received().stream().filter(published::contains).toList(),
                    "every run's event, in order");
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
    private List<String> received() {
        return new ArrayList<>((List<String>) browser.executeScript("return window.received;"));
    }
}
