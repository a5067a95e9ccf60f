package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.Chromium;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium (Debian's, through Debian's chromedriver), against a real hub: it
 * connects, shows ticks, publishes through its form, and rides out a hub restart without a gap.
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

        // Connects and shows ticks, each with its id.
        awaitState("open");
        WebElement tick = await(By.cssSelector("#events li[data-type='time']"));
        assertTrue(tick.getAttribute("data-id").matches("[a-z0-9]+-\\d+"), tick.getAttribute("data-id"));

        // Publishes through its own form and sees the event come back on the stream.
        browser.findElement(By.id("publish-topic")).clear();
        browser.findElement(By.id("publish-topic")).sendKeys("news");
        browser.findElement(By.id("publish-type")).clear();
        browser.findElement(By.id("publish-type")).sendKeys("notification");
        browser.findElement(By.cssSelector("#publish-form button")).click();
        String published = waitFor(() -> browser.findElement(By.id("publish-result")).getAttribute("data-id"));
        WebElement echoed = await(By.cssSelector("#events li[data-id='" + published + "']"));
        assertTrue(echoed.getText().contains("hello from the page"), echoed.getText());
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
