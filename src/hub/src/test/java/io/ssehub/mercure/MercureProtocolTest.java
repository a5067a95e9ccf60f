package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.security.Tokens;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Mercure protocol against a real hub over HTTP: one rule of the spec (or one threat) per test.
 * Tokens are signed with the hub's own secret, which Mercure uses when no Mercure key is set.
 */
class MercureProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final String BOOK_1 = "https://example.com/books/1";

    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private TestHub hub(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("auth.hmac.secret", Tokens.SECRET));
        settings.putAll(more);
        hub = TestHub.start(settings);
        return hub;
    }

    private TestHub hub() {
        return hub(Map.of());
    }

    static String token(List<String> publish, List<String> subscribe, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("mercure-test")
                .claim("mercure", Map.of("publish", publish, "subscribe", subscribe));
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        return Tokens.hmac(claims.build());
    }

    private static final String PUBLISHER = token(List.of("*"), List.of(), null);
    private static final String SUBSCRIBER = token(List.of(), List.of("*"), null);

    /** A form body from name/value pairs, in order. */
    static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return body.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> publish(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(".well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return hub.send(request.build());
    }

    private HttpResponse<String> publish(String body) {
        return publish(body, Map.of("Authorization", "Bearer " + PUBLISHER));
    }

    private String published(String body) {
        HttpResponse<String> response = publish(body);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private SseStream subscribe(String query, Map<String, String> headers) {
        SseStream stream = SseStream.open(hub.uri(".well-known/mercure?" + query), headers);
        assertEquals(200, stream.response().statusCode());
        return stream;
    }

    private SseStream subscribe(String query) {
        return subscribe(query, Map.of("Authorization", "Bearer " + SUBSCRIBER));
    }

    private static String topics(String... selectors) {
        return java.util.Arrays.stream(selectors).map(selector -> "topic=" + encode(selector))
                .collect(Collectors.joining("&"));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(response.body().contains("urn:ssehub:problem:" + slug), response.body());
    }

    @Test
    void anUpdateGoesOutWithItsTypeRetryIdAndOneDataLinePerLineToATemplateSelector() {
        hub();
        try (SseStream stream = subscribe(topics(BOOKS))) {
            String id = published(form("topic", BOOK_1, "data", "one\ntwo\r\nthree\rfour", "type", "book",
                    "retry", "5000", "id", "urn:example:1"));
            assertEquals("urn:example:1", id);
            SseStream.Block block = stream.nextEvent(WAIT);
            assertEquals(List.of("id: urn:example:1", "event: book", "retry: 5000", "data: one", "data: two",
                    "data: three", "data: four"), block.lines());
        }
    }

    @Test
    void anUpdateWithoutTypeOrRetryHasNoSuchLinesAndAGeneratedUrnUuid() {
        hub();
        try (SseStream stream = subscribe(topics(BOOK_1))) {
            String id = published(form("topic", BOOK_1, "data", "  leading spaces kept"));
            assertTrue(id.matches("urn:uuid:[0-9a-f-]{36}"), id);
            SseStream.Block block = stream.nextEvent(WAIT);
            assertEquals(List.of("id: " + id, "data:   leading spaces kept"), block.lines());
        }
    }

    @Test
    void theAnswerToAPublishIsPlainTextWithTheId() {
        hub();
        HttpResponse<String> response = publish(form("topic", BOOK_1, "data", "x", "id", "urn:example:plain"));
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("urn:example:plain", response.body());
    }

    @Test
    void aSubscriberOfAnAlternateTopicReceivesTheUpdateAndOneOfAnotherTopicDoesNot() {
        hub();
        try (SseStream alternate = subscribe(topics("https://example.com/authors/7"));
             SseStream other = subscribe(topics("https://example.com/other"))) {
            String id = published(form("topic", BOOK_1, "topic", "https://example.com/authors/7", "data", "x"));
            assertEquals(id, alternate.nextEvent(WAIT).id());
            String marker = published(form("topic", "https://example.com/other", "data", "marker"));
            assertEquals(marker, other.nextEvent(WAIT).id(), "the first update must not have reached it");
        }
    }

    @Test
    void anIdStartingWithAHashIsRefused() {
        hub();
        assertProblem(publish(form("topic", BOOK_1, "data", "x", "id", "#1")), 400, "invalid-field");
    }

    @Test
    void crLfOrNulInIdOrTypeIsRefused() {
        hub();
        for (String bad : List.of("a\rb", "a\nb", "a\0b")) {
            assertProblem(publish(form("topic", BOOK_1, "data", "x", "id", bad)), 400, "invalid-field");
            assertProblem(publish(form("topic", BOOK_1, "data", "x", "type", bad)), 400, "invalid-field");
        }
    }

    @Test
    void aRetryThatIsNotAnUnsignedNumberIsRefused() {
        hub();
        assertProblem(publish(form("topic", BOOK_1, "data", "x", "retry", "-1")), 400, "invalid-field");
        assertProblem(publish(form("topic", BOOK_1, "data", "x", "retry", "soon")), 400, "invalid-field");
    }

    /** Decision: a chosen id the log still holds is refused, as a Last-Event-ID naming two events is ambiguous. */
    @Test
    void aDuplicatePublisherIdIsRefusedWithConflictWhileTheFirstIsHeld() {
        hub();
        published(form("topic", BOOK_1, "data", "x", "id", "urn:example:dup"));
        assertProblem(publish(form("topic", BOOK_1, "data", "y", "id", "urn:example:dup")), 409, "duplicate-id");
    }

    @Test
    void aChosenIdOnceEvictedMayBeUsedAgain() {
        hub(Map.of("log.capacity", "2"));
        published(form("topic", BOOK_1, "data", "x", "id", "urn:example:again"));
        published(form("topic", BOOK_1, "data", "x"));
        published(form("topic", BOOK_1, "data", "x"));
        assertEquals("urn:example:again", published(form("topic", BOOK_1, "data", "y", "id", "urn:example:again")));
    }

    @Test
    void idsOfTheHubsOwnFormAndEarliestAreRefusedAsChosenIds() {
        hub();
        assertProblem(publish(form("topic", BOOK_1, "data", "x", "id", "earliest")), 400, "invalid-field");
        assertProblem(publish(form("topic", BOOK_1, "data", "x", "id", "abcdefghij-1")), 400, "invalid-field");
    }

    @Test
    void aTopicContainingTheHubPathIsRefused() {
        hub();
        assertProblem(publish(form("topic", "https://hub.example/.well-known/mercure/subscriptions/x", "data", "x")),
                400, "invalid-field");
    }

    @Test
    void aPublishWithoutTopicIsRefused() {
        hub();
        assertProblem(publish(form("data", "x")), 400, "invalid-field");
    }

    @Test
    void aThousandTopicsAreRefusedOnSubscribeAndOnPublish() {
        hub();
        String many = IntStream.range(0, 1001).mapToObj(i -> "topic=t").collect(Collectors.joining("&"));
        HttpResponse<String> subscribe = hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + many))
                .header("Authorization", "Bearer " + SUBSCRIBER).build());
        assertEquals(400, subscribe.statusCode(), subscribe.body());
        String overTheBound = IntStream.range(0, MercureLimits.MAX_TOPICS + 1).mapToObj(i -> "topic=t" + i)
                .collect(Collectors.joining("&"));
        assertProblem(hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + overTheBound))
                .header("Authorization", "Bearer " + SUBSCRIBER).build()), 400, "invalid-field");
        assertProblem(publish(many + "&data=x"), 400, "invalid-field");
    }

    @Test
    void selectorsTooCostlyToMatchOnEveryUpdateAreRefused() {
        hub();
        String heavy = IntStream.range(0, 12).mapToObj(i -> "{v" + i + "}").collect(Collectors.joining());
        String query = IntStream.range(0, 40).mapToObj(i -> "topic=" + encode("x" + i + heavy))
                .collect(Collectors.joining("&"));
        assertProblem(hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + query))
                .header("Authorization", "Bearer " + SUBSCRIBER).build()), 400, "invalid-field");
    }

    @Test
    void earliestReplaysEveryHeldUpdateAndSaysEarliest() {
        hub();
        String first = published(form("topic", BOOK_1, "data", "1"));
        String second = published(form("topic", BOOK_1, "data", "2"));
        try (SseStream stream = subscribe(topics(BOOKS) + "&lastEventID=earliest")) {
            assertEquals("earliest", stream.response().headers().firstValue("Last-Event-ID").orElse(null));
            assertEquals(first, stream.nextEvent(WAIT).id());
            assertEquals(second, stream.nextEvent(WAIT).id());
        }
    }

    @Test
    void aKnownIdResumesRightAfterItAndTheHeaderNamesIt() {
        hub();
        String first = published(form("topic", BOOK_1, "data", "1", "id", "urn:example:first"));
        String second = published(form("topic", BOOK_1, "data", "2"));
        try (SseStream stream = subscribe(topics(BOOKS), Map.of("Authorization", "Bearer " + SUBSCRIBER,
                "Last-Event-ID", first))) {
            assertEquals(first, stream.response().headers().firstValue("Last-Event-ID").orElse(null));
            assertEquals(second, stream.nextEvent(WAIT).id());
        }
    }

    @Test
    void theOlderAndNewerQuerySpellingsOfTheLastEventIdAreAccepted() {
        hub();
        String first = published(form("topic", BOOK_1, "data", "1"));
        String second = published(form("topic", BOOK_1, "data", "2"));
        for (String parameter : List.of("Last-Event-ID", "last_event_id")) {
            try (SseStream stream = subscribe(topics(BOOKS) + "&" + parameter + "=" + encode(first))) {
                assertEquals(first, stream.response().headers().firstValue("Last-Event-ID").orElse(null));
                assertEquals(second, stream.nextEvent(WAIT).id());
            }
        }
    }

    /** The 1.0 draft's {@code match} (and {@code match_exact}) is its exact matcher: a template there is plain text. */
    @Test
    void theDraftsMatchParameterSelectsTopicsExactlyBesideTopicSelectors() {
        hub();
        try (SseStream exact = subscribe("match=" + encode(BOOKS) + "&match_exact=" + encode(BOOK_1));
             SseStream mixed = subscribe(topics("https://example.com/authors/{id}") + "&match=" + encode(BOOK_1))) {
            String book = published(form("topic", BOOK_1, "data", "1"));
            String author = published(form("topic", "https://example.com/authors/7", "data", "2"));
            String template = published(form("topic", BOOKS, "data", "3"));
            String other = published(form("topic", "https://example.com/books/2", "data", "4"));
            String marker = published(form("topic", BOOK_1, "data", "5"));
            assertEquals(List.of(book, template, marker), List.of(exact.nextEvent(WAIT).id(), exact.nextEvent(WAIT).id(),
                    exact.nextEvent(WAIT).id()), "not " + other);
            assertEquals(List.of(book, author, marker), List.of(mixed.nextEvent(WAIT).id(), mixed.nextEvent(WAIT).id(),
                    mixed.nextEvent(WAIT).id()));
        }
    }

    /** The draft reserves every parameter name starting with {@code match}: one the hub does not know is refused. */
    @Test
    void aMatcherTypeTheHubDoesNotSupportIsRefused() {
        hub();
        for (String name : List.of("match_urlpattern", "MATCH", "matches", "match_Exact")) {
            assertProblem(hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + name + "=" + encode(BOOK_1)))
                    .header("Authorization", "Bearer " + SUBSCRIBER).build()), 400, "invalid-field");
        }
    }

    @Test
    void aResumingStreamAlsoCarriesTheDraftsMercureLastEventIdHeader() {
        hub();
        String first = published(form("topic", BOOK_1, "data", "1"));
        try (SseStream known = subscribe(topics(BOOKS) + "&last_event_id=" + encode(first));
             SseStream unknown = subscribe(topics(BOOKS) + "&lastEventID=urn:example:never")) {
            assertEquals(first, known.response().headers().firstValue("Mercure-Last-Event-ID").orElse(null));
            assertEquals("earliest", unknown.response().headers().firstValue("Mercure-Last-Event-ID").orElse(null));
        }
    }

    @Test
    void anUnknownIdIsAnsweredWithLastEventIdEarliestAndEveryHeldUpdate() {
        hub();
        String first = published(form("topic", BOOK_1, "data", "1"));
        try (SseStream stream = subscribe(topics(BOOKS) + "&lastEventID=urn:example:never")) {
            assertEquals("earliest", stream.response().headers().firstValue("Last-Event-ID").orElse(null));
            // The hub's typed notice of the gap (no id), as on the native API, then the history it holds.
            assertEquals("reset", stream.nextEvent(WAIT).type());
            assertEquals(first, stream.nextEvent(WAIT).id());
        }
    }

    @Test
    void aPageOfAnAllowedOriginSubscribesWithCredentialsAndMayReadTheLastEventIdHeader() {
        hub(Map.of("cors.allowed.origins", "https://app.example"));
        try (SseStream stream = subscribe(topics(BOOKS) + "&lastEventID=earliest",
                Map.of("Cookie", "mercureAuthorization=" + SUBSCRIBER, "Origin", "https://app.example"))) {
            HttpResponse<?> response = stream.response();
            assertEquals("https://app.example", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("true", response.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
            assertEquals("Last-Event-ID, Mercure-Last-Event-ID",
                    response.headers().firstValue("Access-Control-Expose-Headers").orElse(null));
            assertEquals("earliest", response.headers().firstValue("Last-Event-ID").orElse(null));
        }
    }

    @Test
    void aStreamNotResumingHasNoLastEventIdHeader() {
        hub();
        try (SseStream stream = subscribe(topics(BOOKS))) {
            assertTrue(stream.response().headers().firstValue("Last-Event-ID").isEmpty());
        }
    }

    @Test
    void theStreamClosesAtTheTokensExpiry() {
        hub();
        String shortLived = token(List.of(), List.of("*"), Instant.now().plusSeconds(2));
        try (SseStream stream = subscribe(topics(BOOKS), Map.of("Authorization", "Bearer " + shortLived))) {
            stream.untilEnd(WAIT);
        }
    }

    @Test
    void subscriptionsStartingAndEndingArePublishedToSubscribersAuthorisedForThem() throws Exception {
        // Keep-alives find the departed client promptly.
        hub(Map.of("mercure.subscriptions", "true", "heartbeat.interval", "100ms"));
        String events = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";
        try (SseStream watcher = subscribe(topics(events), Map.of("Authorization", "Bearer "
                + token(List.of(), List.of(events), null)))) {
            String alice = Tokens.hmac(new JWTClaimsSet.Builder().claim("mercure", Map.of("subscribe", List.of(),
                    "payload", Map.of("user", "alice"))).build());
            SseStream other = subscribe(topics(BOOKS), Map.of("Authorization", "Bearer " + alice));
            JsonNode started = JSON.readTree(watcher.nextEvent(WAIT).data());
            assertEquals("Subscription", started.get("type").asText());
            assertEquals(BOOKS, started.get("topic").asText());
            assertTrue(started.get("active").asBoolean());
            assertEquals("alice", started.get("payload").get("user").asText());
            String subscriber = started.get("subscriber").asText();
            assertTrue(subscriber.startsWith("urn:uuid:"), subscriber);
            assertEquals("/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D/"
                    + subscriber.replace(":", "%3A"), started.get("id").asText());

            other.close();
            JsonNode ended = JSON.readTree(watcher.nextEvent(WAIT).data());
            assertFalse(ended.get("active").asBoolean());
            assertEquals(subscriber, ended.get("subscriber").asText());
        }
    }

    @Test
    void subscriptionEventsAreNotPublishedUnlessTurnedOn() {
        hub(Map.of("mercure.anonymous", "true"));
        try (SseStream watcher = subscribe(topics("*"))) {
            subscribe(topics(BOOKS), Map.of()).close();
            String marker = published(form("topic", BOOK_1, "data", "marker"));
            assertEquals(marker, watcher.nextEvent(WAIT).id());
        }
    }

    @Test
    void shutdownTellsAMercureStreamWhenToComeBackAsItTellsANativeOne() {
        hub();
        try (SseStream stream = subscribe(topics(BOOKS))) {
            stream.next(WAIT);
            hub.close();
            List<SseStream.Block> last = stream.untilEnd(WAIT);
            assertTrue(last.stream().anyMatch(block -> block.field("retry") != null), "a retry hint before the end: " + last);
        } finally {
            hub = null;
        }
    }

    @Test
    void aPrivateUpdateReachesOnlySubscribersAuthorisedForOneOfItsTopics() {
        hub(Map.of("mercure.anonymous", "true"));
        String userSelector = "https://example.com/users/foo/{?topic}";
        String userTopic = "https://example.com/users/foo/?topic=" + encode(BOOK_1);
        try (SseStream anonymous = subscribe(topics(BOOKS), Map.of());
             SseStream authorised = subscribe(topics(BOOKS), Map.of("Authorization", "Bearer "
                     + token(List.of(), List.of(userSelector), null)));
             SseStream otherUser = subscribe(topics(BOOKS), Map.of("Authorization", "Bearer "
                     + token(List.of(), List.of("https://example.com/users/bar/{?topic}"), null)))) {
            String secret = published(form("topic", BOOK_1, "topic", userTopic, "data", "secret", "private", "on"));
            String open = published(form("topic", BOOK_1, "data", "public"));
            assertEquals(secret, authorised.nextEvent(WAIT).id());
            assertEquals(open, authorised.nextEvent(WAIT).id());
            assertEquals(open, anonymous.nextEvent(WAIT).id(), "an anonymous subscriber sees public updates only");
            assertEquals(open, otherUser.nextEvent(WAIT).id(), "another user's token does not cover the update");
        }
    }

    @Test
    void aPrivateUpdateNeverReachesANativeStream() {
        hub();
        String nativeToken = Tokens.hmac(Tokens.claims(List.of("*"), List.of("*")).build());
        try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Authorization", "Bearer " + nativeToken))) {
            published(form("topic", "news", "data", "secret", "private", "on"));
            String open = published(form("topic", "news", "data", "public"));
            assertEquals(open, stream.nextEvent(WAIT).id());
        }
    }

    @Test
    void aSubscriberWithoutTokenIsRefusedUnlessAnonymousSubscribersAreOn() {
        hub();
        HttpResponse<String> refused = hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + topics(BOOKS)))
                .build());
        assertProblem(refused, 401, "unauthorized");
    }

    @Test
    void aPublishMustBeGrantedForEveryTopic() {
        hub();
        String books = token(List.of(BOOKS), List.of(), null);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + books);
        assertEquals(200, publish(form("topic", BOOK_1, "data", "x"), auth).statusCode());
        assertProblem(publish(form("topic", BOOK_1, "topic", "https://example.com/secrets", "data", "x"), auth),
                403, "forbidden");
        assertProblem(publish(form("topic", BOOK_1, "data", "x"), Map.of("Authorization", "Bearer " + SUBSCRIBER)),
                403, "forbidden");
        assertProblem(publish(form("topic", BOOK_1, "data", "x"), Map.of()), 401, "unauthorized");
    }

    @Test
    void aCookiePublishFromAForeignOriginIsRefusedAndFromTheHubsOwnAccepted() {
        hub();
        Map<String, String> foreign = Map.of("Cookie", "mercureAuthorization=" + PUBLISHER, "Origin", "https://evil.example");
        assertProblem(publish(form("topic", BOOK_1, "data", "x"), foreign), 403, "foreign-origin");
        String own = "http://" + hub.uri().getHost() + ":" + hub.uri().getPort();
        Map<String, String> fromOwn = Map.of("Cookie", "mercureAuthorization=" + PUBLISHER, "Origin", own);
        assertEquals(200, publish(form("topic", BOOK_1, "data", "x"), fromOwn).statusCode());
    }

    @Test
    void aCookieAuthorisesASubscriber() {
        hub();
        try (SseStream stream = subscribe(topics(BOOKS), Map.of("Cookie", "mercureAuthorization=" + SUBSCRIBER))) {
            String id = published(form("topic", BOOK_1, "data", "x", "private", ""));
            assertEquals(id, stream.nextEvent(WAIT).id());
        }
    }

    @Test
    void aTokenInTheQueryIsRefused() {
        hub();
        assertProblem(hub.send(HttpRequest.newBuilder(hub.uri(".well-known/mercure?" + topics(BOOKS)
                + "&authorization=" + SUBSCRIBER)).build()), 400, "token-in-query");
    }

    @Test
    void nativeAndMercureEventsShareOneIdSpace() {
        hub();
        String nativeToken = Tokens.hmac(Tokens.claims(List.of("*"), List.of("*")).build());
        try (SseStream mercure = subscribe(topics("news"));
             SseStream nativeStream = SseStream.open(hub.uri("events?topic=news"),
                     Map.of("Authorization", "Bearer " + nativeToken))) {
            HttpResponse<String> nativePublish = hub.post("{\"topic\":\"news\",\"type\":\"notification\",\"data\":1}",
                    Map.of("Authorization", "Bearer " + nativeToken));
            assertEquals(201, nativePublish.statusCode(), nativePublish.body());
            SseStream.Block fromNative = mercure.nextEvent(WAIT);
            assertEquals("notification", fromNative.type());
            assertEquals(fromNative.id(), nativeStream.nextEvent(WAIT).id());

            String mercureId = published(form("topic", "news", "data", "{\"n\":2}", "type", "notification"));
            assertEquals(mercureId, nativeStream.nextEvent(WAIT).id());
            assertEquals(mercureId, mercure.nextEvent(WAIT).id());
        }
        String after = published(form("topic", "news", "data", "3"));
        // A native client resumes after the Mercure id.
        List<String> resumed = new ArrayList<>();
        try (SseStream nativeStream = SseStream.open(hub.uri("events?topic=news"), Map.of("Authorization", "Bearer "
                + nativeToken, "Last-Event-ID", after))) {
            String next = published(form("topic", "news", "data", "4"));
            resumed.add(nativeStream.nextEvent(WAIT).id());
            assertEquals(List.of(next), resumed);
            assertNotEquals(after, next);
        }
        assertFalse(resumed.contains(after));
    }

    // A lane finds a native stream's events by topic: an update must be found under its alternates too.
    @Test
    void aNativeStreamOnAnAlternateTopicReceivesTheUpdate() {
        hub();
        String nativeToken = Tokens.hmac(Tokens.claims(List.of("*"), List.of("*")).build());
        try (SseStream nativeStream = SseStream.open(hub.uri("events?topic=news"),
                Map.of("Authorization", "Bearer " + nativeToken))) {
            String id = published(form("topic", "https://example.com/books/1", "topic", "news", "data", "5"));
            assertEquals(id, nativeStream.nextEvent(WAIT).id());
        }
    }
}
