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

    private static void awaitReceived(ChromeDriver browser, String name, String id) {
        new WebDriverWait(browser, WAIT).until(driver -> received(browser, name).contains(id));
    }

    @Test
    void aPlainEventSourceReceivesWhatItsSelectorsAndCookieAllowAndResumesAfterARestart() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("auth.hmac.secret", Tokens.SECRET,
                "mercure.anonymous", "true", "retry", "1s"));
        TestHub hub = TestHub.start(settings);
        settings.put("port", Integer.toString(hub.uri().getPort()));
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(hub.uri().toString());
            String subscriber = MercureProtocolTest.token(List.of(), List.of("https://example.com/books/{id}"), null);
            String url = "/.well-known/mercure?topic=" + URLEncoder.encode("https://example.com/books/{id}",
                    StandardCharsets.UTF_8);
            // Anonymous first, open before the cookie exists; then the cookie, which the second EventSource carries.
            browser.executeScript("window.anonymous = []; window.authorised = [];"
                    + "window.anonymousSource = new EventSource('" + url + "');"
                    + "window.anonymousSource.onmessage = e => window.anonymous.push(e.lastEventId);");
            new WebDriverWait(browser, WAIT).until(driver -> Long.valueOf(1).equals(browser.executeScript(
                    "return window.anonymousSource.readyState;")));
            browser.executeScript("document.cookie = 'mercureAuthorization=" + subscriber + "; path=/';"
                    + "window.authorisedSource = new EventSource('" + url + "');"
                    + "window.authorisedSource.onmessage = e => window.authorised.push(e.lastEventId);");
            new WebDriverWait(browser, WAIT).until(driver -> Long.valueOf(1).equals(browser.executeScript(
                    "return window.authorisedSource.readyState;")));

            String secret = publish(hub, MercureProtocolTest.form("topic", "https://example.com/books/1",
                    "data", "secret", "private", "on"));
            String alternate = publish(hub, MercureProtocolTest.form("topic", "https://example.com/other/1",
                    "topic", "https://example.com/books/2", "data", "public"));
            awaitReceived(browser, "authorised", alternate);
            awaitReceived(browser, "anonymous", alternate);
            assertEquals(List.of(secret, alternate), received(browser, "authorised"));
            assertEquals(List.of(alternate), received(browser, "anonymous"), "the anonymous stream: public only");

            // A restart: the browsers reconnect on their own, sending the last id they saw (both now with the
            // cookie, which the page has set for the hub's origin).
            hub.close();
            hub = TestHub.start(settings);
            String afterRestart = publish(hub, MercureProtocolTest.form("topic", "https://example.com/books/3",
                    "data", "after the restart"));
            awaitReceived(browser, "authorised", afterRestart);
            awaitReceived(browser, "anonymous", afterRestart);
            assertTrue(received(browser, "anonymous").containsAll(List.of(alternate, afterRestart)));
        } finally {
            browser.quit();
            hub.close();
        }
    }
}
