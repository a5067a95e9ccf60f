package io.ssehub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.event.EventDraft;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control with JSON Web Tokens, against a real hub: one threat per test, each named after it.
 * Every refusal is checked to echo neither the token nor the secret.
 */
class AccessControlTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLISH_NEWS = "{\"topic\":\"news\",\"type\":\"notification\",\"data\":1}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private TestHub hmacHub() {
        hub = TestHub.start(Map.of("auth.hmac.secret", Tokens.SECRET));
        return hub;
    }

    private HttpResponse<String> publish(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private HttpResponse<String> subscribe(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(pathAndQuery)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        // Only refusals are read whole here: they are short problem bodies.
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode refused(HttpResponse<String> response, int status, String token) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertFalse(token != null && response.body().contains(token), "the problem body echoes the token");
        assertFalse(response.body().contains(Tokens.SECRET), "the problem body echoes the secret");
        assertFalse(response.body().contains("Exception") || response.body().contains("io.ssehub"), response.body());
        return JSON.readTree(response.body());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void aTokenGrantingTheTopicMayPublish() {
        hmacHub();
        String token = Tokens.hmac(Tokens.claims(List.of("news"), List.of()).build());

        assertEquals(201, publish(PUBLISH_NEWS, bearer(token)).statusCode());
    }

    /** Threat: anyone publishing to a locked-down hub. */
    @Test
    void publishingWithoutATokenIsRefusedWithABearerChallenge() throws IOException {
        hmacHub();
        HttpResponse<String> response = publish(PUBLISH_NEWS, null);

        refused(response, 401, null);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    /** Threat: a token stretched to topics it was not given. */
    @Test
    void publishingToATopicTheTokenDoesNotGrantIsForbidden() throws IOException {
        hmacHub();
        String token = Tokens.hmac(Tokens.claims(List.of("chat/*"), List.of("*")).build());

        JsonNode problem = refused(publish(PUBLISH_NEWS, bearer(token)), 403, token);
        assertTrue(problem.get("detail").asText().contains("'news'"), problem.toString());
        assertEquals(201, publish("{\"topic\":\"chat/42\",\"type\":\"message\",\"data\":1}", bearer(token)).statusCode(),
                "the wildcard grant covers topics under chat/");
    }

    /** Threat: a subscription beyond the token's grants, quietly narrowed instead of refused. */
    @Test
    void subscribingBeyondTheGrantsIsForbiddenNotSilentlyNarrowed() throws IOException {
        hmacHub();
        String token = Tokens.hmac(Tokens.claims(List.of(), List.of("news")).build());

        refused(subscribe("events?topic=news&topic=secrets", Map.of("Authorization", bearer(token))), 403, token);
        refused(subscribe("events", Map.of("Authorization", bearer(token))), 403, token);
    }

    @Test
    void aGrantedSubscriptionStreamsAndACookieCarriesTheTokenForBrowsers() {
        hmacHub();
        String token = Tokens.hmac(Tokens.claims(List.of("news"), List.of("news")).build());
        try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Cookie", "ssehub_token=" + token))) {
            assertEquals(200, stream.response().statusCode());
            stream.next(WAIT);
            String id = hub.embedded().hub().publish(new EventDraft("news", "notification", "{}", Optional.empty())).id().text();
            assertEquals(id, stream.nextEvent(WAIT).id());
        }
    }

    /** Threat: tokens in URLs, which end up in access logs and browser history. */
    @Test
    void aTokenInTheQueryStringIsRefusedEvenInAnonymousMode() throws IOException {
        hub = TestHub.start();
        JsonNode problem = refused(subscribe("events?access_token=abc.def.ghi", Map.of()), 400, "abc.def.ghi");
        assertTrue(problem.get("detail").asText().contains("query string"), problem.toString());
    }

    /** Threat: replaying a token after it expired. */
    @Test
    void anExpiredTokenIsRefused() throws IOException {
        hmacHub();
        JWTClaimsSet expired = Tokens.claims(List.of("news"), List.of()).expirationTime(Date.from(Instant.now().minusSeconds(120))).build();
        String token = Tokens.hmac(expired);

        refused(publish(PUBLISH_NEWS, bearer(token)), 401, token);
    }

    /** Threat: using a token before the time it becomes valid. */
    @Test
    void aTokenNotYetValidIsRefused() throws IOException {
        hmacHub();
        JWTClaimsSet early = Tokens.claims(List.of("news"), List.of()).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build();
        String token = Tokens.hmac(early);

        refused(publish(PUBLISH_NEWS, bearer(token)), 401, token);
    }

    /** Threat: a token that never expires. */
    @Test
    void aTokenWithoutExpiryIsRefused() throws IOException {
        hmacHub();
        String token = Tokens.hmac(new JWTClaimsSet.Builder().subject("forever")
                .claim(TokenVerifier.GRANTS_CLAIM, Map.of("publish", List.of("*"))).build());

        refused(publish(PUBLISH_NEWS, bearer(token)), 401, token);
    }

    /** Threat: a token signed with someone else's secret. */
    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws IOException {
        hmacHub();
        String token = Tokens.hmac(Tokens.claims(List.of("*"), List.of("*")).build(),
                "another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8));

        refused(publish(PUBLISH_NEWS, bearer(token)), 401, token);
    }

    /** Threat: an unsigned token ({@code alg: none}) that grants everything. */
    @Test
    void anUnsignedAlgNoneTokenIsRefused() throws IOException {
        hmacHub();
        String token = Tokens.unsecured(Tokens.claims(List.of("*"), List.of("*")).build());

        refused(publish(PUBLISH_NEWS, bearer(token)), 401, token);
    }

    /**
     * Threat: algorithm confusion. The hub checks RS256 tokens against a public key; an attacker who
     * knows that public key signs an HS256 token with it as the HMAC secret.
     */
    @Test
    void anHmacTokenSignedWithThePublicKeyIsRefused(@TempDir Path keysDir) throws IOException {
        KeyPair keys = Tokens.rsaKeys();
        Path pem = keysDir.resolve("public-keys.pem");
        Files.writeString(pem, Tokens.pem(keys));
        hub = TestHub.start(Map.of("auth.public.keys", pem.toString()));
        JWTClaimsSet everything = Tokens.claims(List.of("*"), List.of("*")).build();

        String forged = Tokens.hmac(everything, Tokens.pem(keys).getBytes(StandardCharsets.UTF_8));
        refused(publish(PUBLISH_NEWS, bearer(forged)), 401, forged);

        assertEquals(201, publish(PUBLISH_NEWS, bearer(Tokens.rsa(everything, keys))).statusCode(),
                "a token really signed with the private key is accepted");
    }

    /** Threat: a stream that outlives the token it was opened with. */
    @Test
    void aStreamIsClosedWithANoticeWhenItsTokenExpires() throws IOException {
        hub = TestHub.start(Map.of("auth.hmac.secret", Tokens.SECRET, "auth.clock.skew", "0"));
        JWTClaimsSet shortLived = Tokens.claims(List.of(), List.of("news"))
                .expirationTime(Date.from(Instant.now().plusSeconds(3))).build();
        String token = Tokens.hmac(shortLived);
        try (SseStream stream = SseStream.open(hub.uri("events?topic=news"), Map.of("Authorization", bearer(token)))) {
            assertEquals(200, stream.response().statusCode());
            List<SseStream.Block> rest = stream.untilEnd(WAIT);
            SseStream.Block last = rest.get(rest.size() - 1);
            assertEquals("error", last.type(), rest.toString());
            assertEquals("token-expired", JSON.readTree(last.data()).get("reason").asText());
            assertTrue(last.field("retry") != null, "with a retry hint");
        }
        await().atMost(WAIT).until(() -> hub.subscribers() == 0);
    }

    /** Threat: cross-site request forgery, a foreign page publishing with the user's cookie. */
    @Test
    void aCookieAuthenticatedPublishFromAForeignOriginIsRefused() throws IOException {
        hub = TestHub.start(Map.of("auth.hmac.secret", Tokens.SECRET, "cors.allowed.origins", "https://app.example.com"));
        String token = Tokens.hmac(Tokens.claims(List.of("news"), List.of()).build());

        refused(publishWithCookie(token, "https://evil.example.net"), 403, token);
        refused(publishWithCookie(token, null), 403, token);
        assertEquals(201, publishWithCookie(token, "https://app.example.com").statusCode(), "an allowed origin may");
        String own = "http://127.0.0.1:" + hub.uri().getPort();
        assertEquals(201, publishWithCookie(token, own).statusCode(), "the hub's own page may");
        assertEquals(201, publish(PUBLISH_NEWS, bearer(token)).statusCode(),
                "a header token cannot be sent by a foreign page without CORS, so it needs no origin");
    }

    private HttpResponse<String> publishWithCookie(String token, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("events"))
                .header("Content-Type", "application/json")
                .header("Cookie", "ssehub_token=" + token)
                .POST(HttpRequest.BodyPublishers.ofString(PUBLISH_NEWS));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.build());
    }

    @Test
    void publicKeysMayComeFromAJwksUrl() throws Exception {
        KeyPair keys = Tokens.rsaKeys();
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).build()).toString();
        // The issuer's key endpoint, on loopback.
        HttpServer issuer = new HttpServer();
        issuer.addListener(new NetworkListener("issuer", "127.0.0.1", 0));
        issuer.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.setContentType("application/json");
                response.getWriter().write(jwks);
            }
        }, "/jwks.json");
        issuer.start();
        try {
            int port = issuer.getListener("issuer").getPort();
            hub = TestHub.start(Map.of("auth.public.keys", "http://127.0.0.1:" + port + "/jwks.json"));
            String token = Tokens.rsa(Tokens.claims(List.of("news"), List.of()).build(), keys);
            assertEquals(201, publish(PUBLISH_NEWS, bearer(token)).statusCode());
            refused(publish(PUBLISH_NEWS, bearer(Tokens.rsa(Tokens.claims(List.of("news"), List.of()).build(),
                    Tokens.rsaKeys()))), 401, null);
        } finally {
            issuer.shutdownNow();
        }
    }

    @Test
    void healthAndThePageStayPublicOnALockedDownHub() {
        hmacHub();
        assertEquals(200, send(HttpRequest.newBuilder(hub.uri("health")).build()).statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(hub.uri("")).build()).statusCode());
    }
}
