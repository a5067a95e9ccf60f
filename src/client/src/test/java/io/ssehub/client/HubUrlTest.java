package io.ssehub.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The hub's URL as people paste it: with or without a trailing slash, or the stream's own URL. */
class HubUrlTest {

    @Test
    void theBaseUrlIsTakenAsTheHubWhateverItsTrailingSlash() {
        assertEquals(URI.create("http://localhost:8080/"), base("http://localhost:8080"));
        assertEquals(URI.create("http://localhost:8080/"), base("http://localhost:8080/"));
        assertEquals(URI.create("https://example.org/hub/"), base("https://example.org/hub"));
    }

    @Test
    void theStreamsUrlMeansItsHub() {
        assertEquals(URI.create("http://localhost:8080/"), base("http://localhost:8080/events"));
        assertEquals(URI.create("https://example.org/hub/"), base("https://example.org/hub/events/"));
    }

    @Test
    void anythingButAnAbsoluteHttpUrlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> base("localhost:8080"));
        assertThrows(IllegalArgumentException.class, () -> base("/events"));
        assertThrows(IllegalArgumentException.class, () -> base("ftp://example.org/"));
    }

    private static URI base(String url) {
        try (HubClient client = HubClient.of(URI.create(url))) {
            return client.uri();
        }
    }
}
