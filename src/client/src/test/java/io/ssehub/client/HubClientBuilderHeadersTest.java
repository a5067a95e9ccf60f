package io.ssehub.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The builder's checks of headers and tokens, none of which needs a hub. */
class HubClientBuilderHeadersTest {

    private static final URI HUB = URI.create("http://localhost:8080/");
    private static final String SECRET = "eyJhbGciOiJIUzI1NiJ9.secret-part.signature";

    @Test
    void aLineBreakInAHeaderNameOrValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("X-A\r\nX-B", "v"));
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("X-A", "v\r\nX-B: w").build());
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("X-A", "v\nw").build());
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("", "v"));
    }

    @Test
    void theHeadersTheClientSetsItselfAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("Last-Event-ID", "1"));
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).header("accept", "text/plain"));
    }

    @Test
    void authorizationIsSetEitherAsAHeaderOrAsATokenNotBoth() {
        HubClientBuilder both = HubClient.builder(HUB).header("authorization", "Basic x").token(SECRET);
        assertThrows(IllegalStateException.class, both::build);
        HubClient.builder(HUB).header("Authorization", "Basic x").build().close();
        HubClient.builder(HUB).token(SECRET).build().close();
    }

    @Test
    void aTokenWithALineBreakIsRefusedWithoutShowingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HubClient.builder(HUB).token(SECRET + "\r\nX-Injected: yes"));
        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HubClient.builder(HUB).token(" "));
    }

    @Test
    void descriptionsNameTheHeadersButShowNoValueAndNoToken() {
        HubClientBuilder builder = HubClient.builder(HUB).token(SECRET).header("X-Api-Key", "key-value");
        try (HubClient client = builder.build()) {
            for (String description : new String[] {builder.toString(), client.toString()}) {
                assertFalse(description.contains(SECRET) || description.contains("key-value"), description);
                assertTrue(description.contains("X-Api-Key"), description);
            }
        }
        assertEquals(-1, HubClient.builder(HUB).token(() -> SECRET).toString().indexOf(SECRET));
    }
}
