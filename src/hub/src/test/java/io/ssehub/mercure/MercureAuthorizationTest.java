package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.security.Tokens;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whose token the Mercure endpoint takes, and from where (spec, "Authorization"): separate publisher and
 * subscriber keys, the namespaced claim, the header over the cookie; and the form as publishers send it.
 */
class MercureAuthorizationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUBLISHER_KEY = "the-publishers-own-key-of-32-bytes-at-least";
    private static final String SUBSCRIBER_KEY = "the-subscribers-own-key-of-32-bytes-at-least";
    private static final String BOOK_1 = "https://example.com/books/1";

    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private static String signed(String key, String claim, List<String> publish, List<String> subscribe) {
        return Tokens.hmac(new JWTClaimsSet.Builder().claim(claim, Map.of("publish", publish, "subscribe", subscribe))
                .build(), key.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> publish(String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(".well-known/mercure"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("topic=" + URLEncoder.encode(BOOK_1, StandardCharsets.UTF_8)
                        + "&data=x"));
        headers.forEach(request::header);
        return hub.send(request.build());
    }

    private HttpResponse<String> publish(String token) {
        return publish("application/x-www-form-urlencoded", Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void publishersAndSubscribersEachNeedATokenSignedWithTheirOwnKey() {
        hub = TestHub.start(Map.of("mercure.publisher.jwt.key", PUBLISHER_KEY, "mercure.subscriber.jwt.key", SUBSCRIBER_KEY));
        String everything = "*";
        assertEquals(200, publish(signed(PUBLISHER_KEY, "mercure", List.of(everything), List.of())).statusCode());
        assertEquals(401, publish(signed(SUBSCRIBER_KEY, "mercure", List.of(everything), List.of())).statusCode(),
                "a token signed with the subscribers' key does not publish");

        String subscriber = signed(SUBSCRIBER_KEY, "mercure", List.of(), List.of(everything));
        try (SseStream stream = SseStream.open(hub.uri(".well-known/mercure?topic=" + URLEncoder.encode(BOOK_1,
                StandardCharsets.UTF_8)), Map.of("Authorization", "Bearer " + subscriber))) {
            assertEquals(200, stream.response().statusCode());
        }
        try (SseStream refused = SseStream.open(hub.uri(".well-known/mercure?topic=" + URLEncoder.encode(BOOK_1,
                StandardCharsets.UTF_8)), Map.of("Authorization", "Bearer "
                + signed(PUBLISHER_KEY, "mercure", List.of(), List.of(everything))))) {
            assertEquals(401, refused.response().statusCode(), "a token signed with the publishers' key does not subscribe");
        }
    }

    @Test
    void theNamespacedClaimGrantsAsTheShortOneDoes() {
        hub = TestHub.start(Map.of("mercure.publisher.jwt.key", PUBLISHER_KEY, "mercure.subscriber.jwt.key", SUBSCRIBER_KEY));
        assertEquals(200, publish(signed(PUBLISHER_KEY, "https://mercure.rocks/", List.of("*"), List.of())).statusCode());
        assertEquals(403, publish(signed(PUBLISHER_KEY, "https://example.com/other-claim", List.of("*"), List.of()))
                .statusCode(), "another claim grants nothing");
    }

    @Test
    void theHeadersTokenWinsOverTheCookies() {
        hub = TestHub.start(Map.of("mercure.publisher.jwt.key", PUBLISHER_KEY, "mercure.subscriber.jwt.key", SUBSCRIBER_KEY));
        String granted = signed(PUBLISHER_KEY, "mercure", List.of("*"), List.of());
        String grantsNothing = signed(PUBLISHER_KEY, "mercure", List.of(), List.of());
        String own = "http://" + hub.uri().getHost() + ":" + hub.uri().getPort();
        assertEquals(403, publish("application/x-www-form-urlencoded", Map.of("Authorization", "Bearer " + grantsNothing,
                "Cookie", "mercureAuthorization=" + granted, "Origin", own)).statusCode());
        assertEquals(200, publish("application/x-www-form-urlencoded", Map.of("Authorization", "Bearer " + granted,
                "Cookie", "mercureAuthorization=" + grantsNothing, "Origin", own)).statusCode());
    }

    @Test
    void aFormWithACharsetIsAccepted() {
        hub = TestHub.start(Map.of("mercure.publisher.jwt.key", PUBLISHER_KEY, "mercure.subscriber.jwt.key", SUBSCRIBER_KEY));
        String token = signed(PUBLISHER_KEY, "mercure", List.of("*"), List.of());
        HttpResponse<String> response = publish("application/x-www-form-urlencoded; charset=UTF-8",
                Map.of("Authorization", "Bearer " + token));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aStreamOpensWithARetryHintAndACommentBeforeAnyUpdate() {
        hub = TestHub.start(Map.of("mercure.anonymous", "true", "mercure.subscriber.jwt.key", SUBSCRIBER_KEY));
        try (SseStream stream = SseStream.open(hub.uri(".well-known/mercure?topic=" + URLEncoder.encode(BOOK_1,
                StandardCharsets.UTF_8)), Map.of())) {
            assertEquals(200, stream.response().statusCode());
            // Before anything is published: the stream's first bytes go out at once, so proxies pass its head.
            List<String> opening = new ArrayList<>(stream.next(WAIT).lines());
            if (opening.stream().noneMatch(line -> line.startsWith(":"))) {
                opening.addAll(stream.next(WAIT).lines());
            }
            assertTrue(opening.stream().anyMatch(line -> line.startsWith("retry: ")), opening.toString());
            assertTrue(opening.stream().anyMatch(line -> line.startsWith(":")), opening.toString());
            assertTrue(opening.stream().noneMatch(line -> line.startsWith("data:")), opening.toString());
        }
    }
}
