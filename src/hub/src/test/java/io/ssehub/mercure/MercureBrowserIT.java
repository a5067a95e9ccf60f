package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.security.Tokens;
import io.ssehub.testing.Chromium;
import io.ssehub.testing.TestHub;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Chromium's own {@code EventSource}, as a page on the hub's origin opens it, on {@code /.well-known/mercure}:
 * a URI-template selector, an alternate topic, a private update refused to the anonymous stream and delivered
 * to the one the {@code mercureAuthorization} cookie authorises, and a resume after a hub restart with the
 * browser's own {@code Last-Event-ID}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MercureBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String PUBLISHER = "Bearer " + MercureProtocolTest.token(List.of("*"), List.of(), null);

    private static String publish(TestHub hub, String form) {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", PUBLISHER)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @SuppressWarnings("unchecked")
    private static List<String> received(ChromeDriver browser, String name) {
        return (List<String>) browser.executeScript("return window." + name + ".slice();");
    }

    /** Waits for {@code id} on the stream {@code name}, or for that stream to be closed for good (readyState 2). */
    private static void awaitReceived(ChromeDriver browser, String name, String id) {
        new WebDriverWait(browser, WAIT).until(driver -> received(browser, name).contains(id)
                || Long.valueOf(2).equals(browser.executeScript("return window." + name + "Source.readyState;")));
        assertTrue(received(browser, name).contains(id), () -> name + " did not receive " + id + "; readyState "
                + browser.executeScript("return window." + name + "Source.readyState;") + ", received "
                + received(browser, name));
    }

    private static Map<String, String> settings() {
        return new HashMap<>(Map.of("auth.hmac.secret", Tokens.SECRET, "mercure.anonymous", "true", "retry", "1s"));
    }

    private static final String BOOKS = "/.well-known/mercure?topic="
            + URLEncoder.encode("https://example.com/books/{id}", StandardCharsets.UTF_8);

    /** Opens {@code window.<name>Source} on {@code BOOKS}, recording what it receives in {@code window.<name>}. */
    private static void open(ChromeDriver browser, String name) {
        browser.executeScript("window." + name + " = [];"
                + "window." + name + "Source = new EventSource('" + BOOKS + "');"
                + "window." + name + "Source.onmessage = e => window." + name + ".push(e.lastEventId);");
        new WebDriverWait(browser, WAIT).until(driver -> Long.valueOf(1).equals(browser.executeScript(
                "return window." + name + "Source.readyState;")));
    }

    private static void setCookie(ChromeDriver browser, List<String> subscribe) {
        browser.executeScript("document.cookie = 'mercureAuthorization="
                + MercureProtocolTest.token(List.of(), subscribe, null) + "; path=/';");
    }

    @Test
    void aPlainEventSourceReceivesWhatItsSelectorsAndCookieAllow() throws Exception {
        TestHub hub = TestHub.start(settings());
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(hub.uri().toString());
            // Anonymous first, open before the cookie exists; then the cookie, which the second EventSource carries.
            open(browser, "anonymous");
            setCookie(browser, List.of("https://example.com/books/{id}"));
            open(browser, "authorised");

            String secret = publish(hub, MercureProtocolTest.form("topic", "https://example.com/books/1",
                    "data", "secret", "private", "on"));
            String alternate = publish(hub, MercureProtocolTest.form("topic", "https://example.com/other/1",
                    "topic", "https://example.com/books/2", "data", "public"));
            awaitReceived(browser, "authorised", alternate);
            awaitReceived(browser, "anonymous", alternate);
            assertEquals(List.of(secret, alternate), received(browser, "authorised"));
            assertEquals(List.of(alternate), received(browser, "anonymous"), "the anonymous stream: public only");
        } finally {
            browser.quit();
            hub.close();
        }
    }

    /** The browser reconnects on its own after a restart, sending the last id it saw, and the stream goes on. */
    @Test
    void aPlainEventSourceResumesAfterAHubRestart() throws Exception {
        Map<String, String> settings = settings();
        TestHub hub = TestHub.start(settings);
        settings.put("port", Integer.toString(hub.uri().getPort()));
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(hub.uri().toString());
            setCookie(browser, List.of("*"));
            open(browser, "authorised");
            String before = publish(hub, MercureProtocolTest.form("topic", "https://example.com/books/1", "data", "1"));
            awaitReceived(browser, "authorised", before);

            hub.close();
            hub = TestHub.start(settings);
            String after = publish(hub, MercureProtocolTest.form("topic", "https://example.com/books/2", "data", "2"));
            awaitReceived(browser, "authorised", after);
            assertEquals(List.of(before, after), received(browser, "authorised"));
        } finally {
            browser.quit();
            hub.close();
        }
    }
}
