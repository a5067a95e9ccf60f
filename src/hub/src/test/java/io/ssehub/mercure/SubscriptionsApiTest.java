package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.security.Tokens;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Mercure subscription API (spec, "Subscription API") over HTTP: {@code GET
 * /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]]}, JSON-LD, each answer with a root
 * {@code lastEventID} from which the subscription events continue.
 */
class SubscriptionsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final String AUTHORS = "https://example.com/authors/{id}";
    private static final String API = "/.well-known/mercure/subscriptions";
    /** The selector a token needs to read the whole API and receive every subscription event. */
    private static final String EVERY_SUBSCRIPTION = API + "{/topic}{/subscriber}";
    private static final String READER = MercureProtocolTest.token(List.of(), List.of(EVERY_SUBSCRIPTION), null);
    private static final String PUBLISHER = MercureProtocolTest.token(List.of("*"), List.of(), null);

    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private TestHub hub(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("auth.hmac.secret", Tokens.SECRET,
                // Keep-alives find a departed client promptly.
                "heartbeat.interval", "100ms"));
        settings.putAll(more);
        hub = TestHub.start(settings);
        return hub;
    }

    private TestHub hubWithSubscriptions() {
        return hub(Map.of("mercure.subscriptions", "true"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** RFC 6570 expansion of one path segment, as the subscription ids spell it. */
    private static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path.substring(1)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return hub.send(request.build());
    }

    private static JsonNode ldJson(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/ld+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return JSON.readTree(response.body());
    }

    private SseStream subscribe(String token, String... selectors) {
        StringBuilder query = new StringBuilder();
        for (String selector : selectors) {
            query.append(query.length() == 0 ? "" : "&").append("topic=").append(encode(selector));
        }
        SseStream stream = SseStream.open(hub.uri(".well-known/mercure?" + query), Map.of("Authorization", "Bearer " + token));
        assertEquals(200, stream.response().statusCode());
        return stream;
    }

    private String publishMarker() {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER)
                .POST(HttpRequest.BodyPublishers.ofString("topic=marker&data=x")).build());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String withPayload(String user) {
        return Tokens.hmac(new JWTClaimsSet.Builder().claim("mercure", Map.of("subscribe", List.of(),
                "payload", Map.of("user", user))).build());
    }

    private static Set<String> subscribers(JsonNode collection) {
        Set<String> subscribers = new HashSet<>();
        collection.get("subscriptions").forEach(subscription -> subscribers.add(subscription.get("subscriber").asText()));
        return subscribers;
    }

    @Test
    void theCollectionListsEveryActiveSubscriptionWithTheLastEventId() throws IOException {
        hubWithSubscriptions();
        try (SseStream alice = subscribe(withPayload("alice"), BOOKS, AUTHORS);
             SseStream bob = subscribe(withPayload("bob"), BOOKS)) {
            String marker = publishMarker();
            JsonNode collection = ldJson(get(API, READER));
            assertEquals("https://mercure.rocks/", collection.get("@context").asText());
            assertEquals(API, collection.get("id").asText());
            assertEquals("Subscriptions", collection.get("type").asText());
            assertEquals(marker, collection.get("lastEventID").asText());
            assertEquals(3, collection.get("subscriptions").size(), collection.toString());
            for (JsonNode subscription : collection.get("subscriptions")) {
                assertEquals("Subscription", subscription.get("type").asText());
                assertTrue(subscription.get("active").asBoolean());
                String subscriber = subscription.get("subscriber").asText();
                assertEquals(API + "/" + segment(subscription.get("topic").asText()) + "/" + segment(subscriber),
                        subscription.get("id").asText());
                assertTrue(subscriber.startsWith("urn:uuid:"), subscriber);
            }
            assertEquals(2, subscribers(collection).size(), "one subscriber, one id, for all its topics");
        }
    }

    @Test
    void aTopicsCollectionAndOneSubscriptionAreServedAndAnUnknownOneIsNotFound() throws IOException {
        hubWithSubscriptions();
        try (SseStream alice = subscribe(withPayload("alice"), BOOKS, AUTHORS);
             SseStream bob = subscribe(withPayload("bob"), AUTHORS)) {
            JsonNode books = ldJson(get(API + "/" + segment(BOOKS), READER));
            assertEquals(API + "/" + segment(BOOKS), books.get("id").asText());
            assertEquals("Subscriptions", books.get("type").asText());
            assertEquals(1, books.get("subscriptions").size(), books.toString());
            JsonNode listed = books.get("subscriptions").get(0);
            assertEquals("alice", listed.get("payload").get("user").asText());

            String subscriber = listed.get("subscriber").asText();
            JsonNode one = ldJson(get(API + "/" + segment(BOOKS) + "/" + segment(subscriber), READER));
            assertEquals("https://mercure.rocks/", one.get("@context").asText());
            assertEquals(listed.get("id").asText(), one.get("id").asText());
            assertEquals("Subscription", one.get("type").asText());
            assertEquals(BOOKS, one.get("topic").asText());
            assertEquals(subscriber, one.get("subscriber").asText());
            assertTrue(one.get("active").asBoolean());
            assertEquals("alice", one.get("payload").get("user").asText());
            assertTrue(one.hasNonNull("lastEventID"), one.toString());

            HttpResponse<String> unknown = get(API + "/" + segment(BOOKS) + "/" + segment("urn:uuid:nobody"), READER);
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("urn:ssehub:problem:not-found"), unknown.body());
        }
    }

    @Test
    void anEndedSubscriptionIsNoLongerListedOnceItsEndIsPublished() throws IOException {
        hubWithSubscriptions();
        try (SseStream watcher = subscribe(READER, EVERY_SUBSCRIPTION)) {
            SseStream leaving = subscribe(withPayload("carol"), BOOKS);
            String subscriber = JSON.readTree(watcher.nextEvent(WAIT).data()).get("subscriber").asText();
            assertTrue(subscribers(ldJson(get(API, READER))).contains(subscriber));
            leaving.close();
            JsonNode ended = JSON.readTree(watcher.nextEvent(WAIT).data());
            assertFalse(ended.get("active").asBoolean());
            JsonNode after = ldJson(get(API, READER));
            assertFalse(subscribers(after).contains(subscriber), after.toString());
            assertEquals(404, get(API + "/" + segment(BOOKS) + "/" + segment(subscriber), READER).statusCode());
        }
    }

    /** The spec's reconciliation: the list, then the events after its lastEventID, miss nothing. */
    @Test
    void subscriptionEventsResumedFromTheListsLastEventIdTellWhatStartedSince() throws IOException {
        hubWithSubscriptions();
        try (SseStream first = subscribe(withPayload("dave"), BOOKS)) {
            JsonNode list = ldJson(get(API, READER));
            assertEquals(1, list.get("subscriptions").size());
            try (SseStream second = subscribe(withPayload("erin"), AUTHORS);
                 SseStream watcher = SseStream.open(hub.uri(".well-known/mercure?topic=" + encode(EVERY_SUBSCRIPTION)
                         + "&lastEventID=" + encode(list.get("lastEventID").asText())),
                         Map.of("Authorization", "Bearer " + READER))) {
                JsonNode started = JSON.readTree(watcher.nextEvent(WAIT).data());
                assertEquals(AUTHORS, started.get("topic").asText());
                assertEquals("erin", started.get("payload").get("user").asText());
            }
        }
    }

    @Test
    void aFreshHubSaysEarliestAndListsNothing() throws IOException {
        hubWithSubscriptions();
        JsonNode collection = ldJson(get(API, READER));
        assertEquals("earliest", collection.get("lastEventID").asText());
        assertEquals(0, collection.get("subscriptions").size());
    }

    @Test
    void theTokenMustHaveASubscribeSelectorMatchingTheUrl() throws IOException {
        hub(Map.of("mercure.subscriptions", "true", "mercure.anonymous", "true"));
        String booksOnly = MercureProtocolTest.token(List.of(), List.of(API + "/" + segment(BOOKS) + "{/subscriber}"), null);
        assertEquals(200, get(API + "/" + segment(BOOKS), booksOnly).statusCode());
        HttpResponse<String> root = get(API, booksOnly);
        assertEquals(403, root.statusCode(), root.body());
        assertTrue(root.body().contains("urn:ssehub:problem:forbidden"), root.body());
        assertEquals(403, get(API + "/" + segment(AUTHORS), booksOnly).statusCode());
        assertEquals(403, get(API, null).statusCode(), "an anonymous subscriber may read no subscription");
        assertEquals(403, get(API, MercureProtocolTest.token(List.of("*"), List.of(), null)).statusCode(),
                "publishing rights do not cover the API");
    }

    @Test
    void withoutATokenTheApiIsUnauthorized() {
        hubWithSubscriptions();
        HttpResponse<String> response = get(API, null);
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void aTokenInTheQueryIsRefused() {
        hubWithSubscriptions();
        HttpResponse<String> response = get(API + "?authorization=" + READER, null);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("urn:ssehub:problem:token-in-query"), response.body());
    }

    @Test
    void theApiIsNotThereUnlessSubscriptionsAreTurnedOn() {
        hub(Map.of());
        HttpResponse<String> response = get(API, READER);
        assertEquals(404, response.statusCode(), response.body());
    }
}
