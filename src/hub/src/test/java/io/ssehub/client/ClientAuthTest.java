package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.payload.Notification;
import io.ssehub.security.Tokens;
import io.ssehub.testing.TestHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The client against a locked-down hub: no token, a token, a token supplier, the token as a header. */
class ClientAuthTest {

    private static final List<String> NEWS = List.of("news");

    @Test
    void aLockedDownHubRefusesASubscriptionWithoutATokenWith401() {
        try (TestHub hub = lockedDownHub(); HubClient client = TestClients.quick(hub.uri()).build()) {
            AtomicReference<HubException> failure = new AtomicReference<>();
            Subscription news = client.subscribe().topics("news").onFailure(failure::set).open();

            await().atMost(WAIT).until(() -> failure.get() != null);
            assertEquals(401, assertInstanceOf(HubRefusedException.class, failure.get()).status());
            assertTrue(news.isClosed());
        }
    }

    @Test
    void aLockedDownHubRefusesAPublishWithoutATokenWith401() {
        try (TestHub hub = lockedDownHub(); HubClient client = HubClient.of(hub.uri())) {
            HubRefusedException refused = assertThrows(HubRefusedException.class,
                    () -> client.publish("news", new Notification("no token", "info")));
            assertEquals(401, refused.status());
        }
    }

    @Test
    void aTokenIsSentWithEverySubscriptionAndPublish() {
        String token = token(Duration.ofMinutes(5));
        try (TestHub hub = lockedDownHub(); HubClient client = TestClients.quick(hub.uri()).token(token).build()) {
            List<Notification> received = new CopyOnWriteArrayList<>();
            client.subscribe().topics("news").on(Notification.TYPE, Notification.class, received::add).open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            client.publish("news", new Notification("with a token", "info"));

            await().atMost(WAIT).until(() -> received.size() == 1);
            assertEquals(new Notification("with a token", "info"), received.get(0));
        }
    }

    @Test
    void theTokenSupplierIsAskedAgainWhenTheStreamEndsWithItsTokenAndTheStreamGoesOn() {
        AtomicInteger asked = new AtomicInteger();
        // The first token expires in two to three seconds (exp has whole seconds), which ends the stream;
        // every later one lasts, so the reconnect only succeeds if it asked again.
        Supplier<String> tokens = () -> token(asked.incrementAndGet() == 1 ? Duration.ofSeconds(3) : Duration.ofMinutes(5));
        try (TestHub hub = lockedDownHub();
             HubClient client = TestClients.quick(hub.uri()).token(tokens).build();
             HubClient publisher = HubClient.builder(hub.uri()).token(token(Duration.ofMinutes(5))).build()) {
            List<Notification> received = new CopyOnWriteArrayList<>();
            Subscription news = client.subscribe().topics("news")
                    .on(Notification.TYPE, Notification.class, received::add).open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            publisher.publish("news", new Notification("before the expiry", "info"));

            await().atMost(WAIT).until(() -> asked.get() >= 2 && hub.subscribers() == 1);
            publisher.publish("news", new Notification("after the expiry", "info"));

            await().atMost(WAIT).until(() -> received.size() == 2);
            assertEquals(List.of(new Notification("before the expiry", "info"), new Notification("after the expiry", "info")),
                    received);
            assertFalse(news.isClosed(), () -> "stopped: " + news.failure());
        }
    }

    @Test
    void anAuthorizationHeaderGivenAsAHeaderReachesTheHub() {
        String authorization = "Bearer " + token(Duration.ofMinutes(5));
        try (TestHub hub = lockedDownHub();
             HubClient client = TestClients.quick(hub.uri()).header("Authorization", authorization).build()) {
            List<String> received = new CopyOnWriteArrayList<>();
            client.subscribe().topics("news").onAny(event -> received.add(event.id().orElseThrow())).open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            String id = client.publish("news", "notification", "{\"message\":\"by header\"}");

            await().atMost(WAIT).until(() -> received.contains(id));
        }
    }

    @Test
    void theTokenAppearsInNoMessageNorInTheClientsDescription() {
        String wrong = Tokens.hmac(Tokens.claims(NEWS, NEWS).build(),
                "another-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8));
        try (TestHub hub = lockedDownHub(); HubClient client = HubClient.builder(hub.uri()).token(wrong).build()) {
            HubRefusedException refused = assertThrows(HubRefusedException.class,
                    () -> client.publish("news", new Notification("wrong token", "info")));

            assertEquals(401, refused.status());
            assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
            assertFalse(client.toString().contains(wrong), client.toString());
            assertFalse(signatureOf(wrong).isEmpty());
            assertFalse(refused.getMessage().contains(signatureOf(wrong)), refused.getMessage());
        }
    }

    private static String signatureOf(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    /** Tokens for hmac secret {@link Tokens#SECRET} granting {@code news}, publish and subscribe. */
    static String token(Duration lifetime) {
        return Tokens.hmac(Tokens.claims(NEWS, NEWS).expirationTime(Date.from(Instant.now().plus(lifetime))).build());
    }

    static TestHub lockedDownHub() {
        Map<String, String> settings = new HashMap<>(TestClients.LIVELY_HUB);
        settings.put("auth.hmac.secret", Tokens.SECRET);
        // The stream ends at the token's exp exactly; the tolerance only delays refusing an expired one.
        settings.put("auth.clock.skew", "0s");
        return TestHub.start(settings);
    }
}
