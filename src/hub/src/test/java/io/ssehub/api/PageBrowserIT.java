package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.security.Tokens;
import io.ssehub.testing.Chromium;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium (Debian's, through Debian's chromedriver), against a real hub: it
 * connects, counts ticks, publishes through its form, and rides out a hub restart without a gap; it shows
 * every event the hub sends and nothing the hub did not send, and gives a live view's controls.
 */
class PageBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ChromeDriver browser;
    private TestHub hub;

    @BeforeEach
    void openBrowser() throws IOException {
        browser = Chromium.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void thePageStreamsPublishesAndResumesAfterTheHubRestarts() throws IOException {
        Map<String, String> settings = Map.of("tick.interval", "250ms", "retry", "500ms");
        hub = TestHub.start(settings);
        int port = hub.uri().getPort();
        browser.get(hub.uri().toString());

        // Connects and counts ticks, each with its id.
        awaitState("open");
        waitFor(() -> Integer.parseInt(browser.findElement(By.id("tick-count")).getText()) > 0 ? true : null);
        assertTrue(lastIdShown().matches("[a-z0-9]+-\\d+"), lastIdShown());

        // Publishes through its own form and sees the event come back on the stream.
        browser.findElement(By.id("publish-topic")).clear();
        browser.findElement(By.id("publish-topic")).sendKeys("news");
        browser.findElement(By.id("publish-type")).clear();
        browser.findElement(By.id("publish-type")).sendKeys("notification");
        browser.findElement(By.cssSelector("#publish-form button")).click();
        String published = waitFor(() -> browser.findElement(By.id("publish-result")).getAttribute("data-id"));
        WebElement echoed = await(By.cssSelector("#events li[data-id='" + published + "']"));
        assertTrue(echoed.getText().contains("hello from the page"), echoed.getText());
        row(hub.publish("releases", "deploy", "{\"service\":\"billing\",\"version\":\"4.2.0\",\"by\":\"ci\"}"));
        screenshot("page.png");

        // The hub goes away and comes back on the same port; what it publishes meanwhile is not lost.
        hub.close();
        waitFor(() -> "open".equals(state()) ? null : state());
        hub = TestHub.start(merge(settings, Map.of("port", Integer.toString(port))));
        String afterRestart = hub.publish("news", "notification", "{\"message\":\"published while you were away\"}");

        await(By.cssSelector("#events li[data-id='" + afterRestart + "']"));
        awaitState("open");
        // The new hub cannot continue from an id of the old one, and says so instead of skipping silently.
        await(By.cssSelector("#events li[data-type='reset']"));
        assertTrue(Integer.parseInt(browser.findElement(By.id("reconnects")).getText()) >= 1, "a reconnect is counted");
        assertEquals(afterRestart.substring(0, afterRestart.indexOf('-')),
                lastIdShown().substring(0, lastIdShown().indexOf('-')), "the last id is the new run's");

        // Usable on a phone-sized screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        assertTrue(browser.findElement(By.id("publish-form")).isDisplayed());
        screenshot("page-phone.png");
    }

    @Test
    void eventsOfATypeThePageHasNeverSeenAreShown() {
        hub = TestHub.start();
        openPage();
        // Published by another client (the JDK's HttpClient), of a type the page has no reason to know.
        String deploy = hub.publish("releases", "deploy", "{\"service\":\"billing\",\"version\":\"4.2.0\"}");
        String other = hub.publish("ops", "a-type.nobody_knows", "{\"n\":1}");

        assertTrue(row(deploy).getText().contains("billing"), row(deploy).getText());
        assertEquals("deploy", row(deploy).getAttribute("data-type"));
        assertEquals("a-type.nobody_knows", row(other).getAttribute("data-type"));
    }

    @Test
    void theStreamIsReadAsTheHtmlStandardSaysWhateverTheLineEndsAndChunks() {
        hub = TestHub.start();
        openPage();
        // The page's own reader (parser.js), fed what other servers and proxies may send: CR, LF and CRLF
        // line ends, a CRLF split between chunks, comments, a field without a colon, a bare retry block,
        // several data lines, an id with NUL (ignored), and an event that the stream's end cuts short.
        Object parsed = browser.executeScript("""
                const events = [];
                const retries = [];
                const parser = new SseParser((e) => events.push(e), (ms) => retries.push(ms));
                ['retry: 1500\\n\\n: comment\\r\\nid: a-1\\revent: deploy\\ndata: {\\"x\\":1}\\r',
                 '\\n\\r\\ndata\\ndata:  two\\nid: bad\\u0000\\nunknown: field\\n\\n',
                 'event: time\\nretry: nope\\ndata:{}\\n\\nevent: cut\\ndata: short'].forEach((c) => parser.feed(c));
                return JSON.stringify({ events: events, retries: retries });
                """);
        assertEquals("{\"events\":["
                + "{\"type\":\"deploy\",\"data\":\"{\\\"x\\\":1}\",\"id\":\"a-1\",\"lastEventId\":\"a-1\"},"
                + "{\"type\":\"message\",\"data\":\"\\n two\",\"id\":null,\"lastEventId\":\"a-1\"},"
                + "{\"type\":\"time\",\"data\":\"{}\",\"id\":null,\"lastEventId\":\"a-1\"}],"
                + "\"retries\":[1500]}", parsed);
    }

    @Test
    void aFullHubIsAskedAgainAfterItsRetryAfterAndThePageConnectsWhenThereIsRoom() {
        // One stream in all: the page finds it taken and is answered 503 with Retry-After, which a browser's
        // EventSource takes as final; the page waits and asks again.
        hub = TestHub.start(Map.of("streams.max", "1", "retry", "500ms", "heartbeat.interval", "1s"));
        String waiting;
        try (SseStream taken = SseStream.open(hub.uri("events"))) {
            assertEquals(200, taken.response().statusCode());
            browser.get(hub.uri().toString());
            waiting = waitFor(() -> {
                String detail = browser.findElement(By.id("state-detail")).getText();
                return "waiting".equals(state()) && detail.startsWith("503") ? detail : null;
            });
        }
        awaitState("open");
        String id = hub.publish("news", "notification", "{\"message\":\"there was room after all\"}");
        row(id);
        assertTrue(waiting.contains("streams"), waiting);
    }

    @Test
    void theHubsErrorNoticeIsListedButTheBrowsersOwnConnectionErrorsAreNot() {
        // The hub ends a stream at its token's expiry with an `error` notice; the reconnect is then refused
        // with 401, which a browser's EventSource would report as an `error` event of its own (a plain Event,
        // no data): only the first is an event of the hub.
        hub = TestHub.start(Map.of("auth.hmac.secret", Tokens.SECRET, "auth.clock.skew", "0s", "retry", "300ms"));
        String token = Tokens.hmac(Tokens.claims(List.of(), List.of("*"))
                .expirationTime(Date.from(Instant.now().plusSeconds(15))).build());
        browser.get(hub.uri("health").toString());
        browser.manage().addCookie(new Cookie("ssehub_token", token, "/"));
        openPage();

        WebElement notice = await(By.cssSelector("#events li[data-type='error']"));
        assertTrue(notice.getText().contains("token-expired"), notice.getText());
        // Asking again would get the same 401: the page stops, and says why.
        awaitState("refused");
        assertEquals(1, rows().size(), "only the hub's notice is listed: " + texts(rows()));
        assertEquals("1", browser.findElement(By.id("rate")).getAttribute("data-total"),
                "only the hub's notice is counted in the chart");
        assertTrue(browser.findElement(By.id("state-detail")).getText().contains("401"),
                browser.findElement(By.id("state-detail")).getText());
    }

    @Test
    void changingTopicsStartsAFreshListAndIsNotCountedAsAReconnect() {
        hub = TestHub.start();
        openPage();
        String news = hub.publish("news", "notification", "{\"message\":\"before the change\"}");
        row(news);

        subscribeTo("alerts");
        String alert = hub.publish("alerts", "notification", "{\"message\":\"after the change\"}");
        row(alert);

        assertTrue(browser.findElements(rowSelector(news)).isEmpty(), "the old subscription's rows are gone");
        assertEquals("0", browser.findElement(By.id("reconnects")).getText(), "a new subscription is no reconnect");
        assertEquals("1", browser.findElement(By.id("event-count")).getText());
    }

    @Test
    void theTickIsCountedButNotListedUntilAskedFor() {
        hub = TestHub.start(Map.of("tick.interval", "250ms"));
        openPage();
        waitFor(() -> Integer.parseInt(browser.findElement(By.id("tick-count")).getText()) >= 3 ? true : null);
        String news = hub.publish("news", "notification", "{\"message\":\"not drowned by ticks\"}");
        row(news);
        assertTrue(browser.findElements(By.cssSelector("#events li[data-type='time']")).isEmpty(),
                "ticks are not listed by default");

        browser.findElement(By.id("show-ticks")).click();
        WebElement tick = await(By.cssSelector("#events li[data-type='time']"));
        assertTrue(tick.getAttribute("data-id").matches("[a-z0-9]+-\\d+"), tick.getAttribute("data-id"));
    }

    @Test
    void pauseHoldsNewEventsBackAndClearEmptiesTheList() {
        hub = TestHub.start();
        openPage();
        String first = hub.publish("news", "notification", "{\"n\":1}");
        row(first);

        browser.findElement(By.id("pause")).click();
        String held = hub.publish("news", "notification", "{\"n\":2}");
        waitFor(() -> "1".equals(browser.findElement(By.id("pending")).getText()) ? true : null);
        assertTrue(browser.findElements(rowSelector(held)).isEmpty(), "nothing is added while paused");

        browser.findElement(By.id("pause")).click();
        row(held);

        browser.findElement(By.id("clear")).click();
        assertTrue(rows().isEmpty(), () -> texts(rows()).toString());
        assertEquals("0", browser.findElement(By.id("event-count")).getText());
        String after = hub.publish("news", "notification", "{\"n\":3}");
        row(after);
    }

    @Test
    void theFilterShowsOnlyEventsWhoseTypeIdOrDataMatch() {
        hub = TestHub.start();
        openPage();
        String deploy = hub.publish("releases", "deploy", "{\"service\":\"billing\"}");
        String note = hub.publish("news", "notification", "{\"message\":\"lunch is served\"}");
        row(deploy);
        row(note);

        filter("BILLING");
        waitFor(() -> row(note).isDisplayed() ? null : true);
        assertTrue(row(deploy).isDisplayed(), "matches its data, whatever the case");

        filter("notif");
        waitFor(() -> row(deploy).isDisplayed() ? null : true);
        assertTrue(row(note).isDisplayed(), "matches its type");

        filter(note);
        waitFor(() -> row(deploy).isDisplayed() ? null : true);
        assertTrue(row(note).isDisplayed(), "matches its id");

        filter("");
        waitFor(() -> row(deploy).isDisplayed() && row(note).isDisplayed() ? true : null);
    }

    @Test
    void jsonDataIsPrettyPrintedWithEveryNumberAsItWasSent() {
        hub = TestHub.start();
        openPage();
        String id = hub.publish("news", "notification",
                "{\"message\":\"hi\",\"big\":12345678901234567890,\"tags\":[\"a\",\"b\"],\"none\":{}}");
        String shown = row(id).findElement(By.cssSelector(".data")).getAttribute("textContent");
        assertEquals("{\n  \"message\": \"hi\",\n  \"big\": 12345678901234567890,\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n"
                + "  \"none\": {}\n}", shown);
    }

    @Test
    void eventDataIsInsertedAsTextNeverAsMarkup() {
        hub = TestHub.start();
        openPage();
        String id = hub.publish("news", "notification", "{\"html\":\"<img id=injected src=x>\"}");
        assertTrue(row(id).getText().contains("<img id=injected src=x>"), row(id).getText());
        assertTrue(browser.findElements(By.id("injected")).isEmpty(), "no element was made from event data");
    }

    @Test
    void theRateChartShowsEventsPerSecondOverTheLastMinuteWithAxesAndUnits() throws IOException {
        hub = TestHub.start();
        openPage();
        for (int i = 0; i < 3; i++) {
            row(hub.publish("news", "notification", "{\"n\":" + i + "}"));
        }
        waitFor(() -> "3".equals(browser.findElement(By.id("rate")).getAttribute("data-total")) ? true : null);
        List<String> labels = texts(browser.findElements(By.cssSelector("#rate text")));
        assertTrue(labels.containsAll(List.of("events/s", "0", "60 s ago", "30 s ago", "now")), labels.toString());
        assertTrue(browser.findElement(By.id("rate-summary")).getText().contains("3 events in the last minute"),
                browser.findElement(By.id("rate-summary")).getText());
        screenshot("page-chart.png");
    }

    @Test
    void onAPhoneTheEventListComesFirst() throws IOException {
        hub = TestHub.start();
        browser.manage().window().setSize(new Dimension(390, 844));
        openPage();
        String id = hub.publish("news", "notification", "{\"message\":\"read on the go\"}");
        WebElement shown = row(id);

        int listTop = browser.findElement(By.id("events")).getRect().getY();
        assertTrue(listTop < browser.findElement(By.id("topics-form")).getRect().getY(), "before the topics");
        assertTrue(listTop < browser.findElement(By.id("publish-form")).getRect().getY(), "before the publish form");
        assertTrue(shown.getRect().getY() + shown.getRect().getHeight() < 844, "the newest event is on the first screen");
        screenshot("page-phone-list.png");
    }

    private void openPage() {
        browser.get(hub.uri().toString());
        awaitState("open");
    }

    private void subscribeTo(String topics) {
        WebElement field = browser.findElement(By.id("topics"));
        field.clear();
        field.sendKeys(topics);
        browser.findElement(By.cssSelector("#topics-form button")).click();
        waitFor(() -> "open".equals(state())
                && topics.equals(browser.findElement(By.id("state")).getAttribute("data-topics")) ? true : null);
    }

    private void filter(String text) {
        WebElement field = browser.findElement(By.id("filter"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }

    private static By rowSelector(String id) {
        return By.cssSelector("#events li[data-id='" + id + "']");
    }

    private WebElement row(String id) {
        return await(rowSelector(id));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#events li"));
    }

    private static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    private String state() {
        return browser.findElement(By.id("state")).getAttribute("data-state");
    }

    private String lastIdShown() {
        return browser.findElement(By.id("last-id")).getText();
    }

    private void awaitState(String expected) {
        waitFor(() -> expected.equals(state()) ? expected : null);
    }

    private WebElement await(By selector) {
        return waitFor(() -> {
            List<WebElement> found = browser.findElements(selector);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private <T> T waitFor(java.util.function.Supplier<T> condition) {
        return new WebDriverWait(browser, WAIT).until(driver -> condition.get());
    }

    private void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        java.util.HashMap<String, String> merged = new java.util.HashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
