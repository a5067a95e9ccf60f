package io.ssehub.hardening;

import static io.ssehub.hardening.Problems.assertDetailSays;
import static io.ssehub.hardening.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssehub.testing.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validly signed tokens whose claims have the wrong JSON type: each is a 401 whose detail names the
 * claim, never a 500, never a claim quietly read as something else.
 */
class TokenClaimHardeningTest {

    private static final String SECRET = "hardening-secret-that-is-32-bytes-or-more";
    private static final String PUBLISH_NEWS = "{\"topic\":\"news\",\"type\":\"story\",\"data\":1}";

    private static TestHub hub;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start(Map.of("auth.hmac.secret", SECRET));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void aValidTokenPublishes() {
        assertEquals(201, publishWith(RawTokens.validClaims()).statusCode());
    }

    // Threat: an expiry that is not a number (null, text, a list) crashing the check instead of refusing the token.
    @ParameterizedTest(name = "exp: {0}")
    @ValueSource(strings = {"null", "\"2099-01-01\"", "true", "[4102444800]", "{\"at\":4102444800}"})
    void expOfTheWrongTypeIsRefusedNamingIt(String exp) {
        assertRefusedNaming("exp", withClaim("exp", exp));
    }

    // Threat: a not-before time that is not a number being skipped, making the token valid early.
    @ParameterizedTest(name = "nbf: {0}")
    @ValueSource(strings = {"null", "\"tomorrow\"", "false", "[0]", "{}"})
    void nbfOfTheWrongTypeIsRefusedNamingIt(String nbf) {
        assertRefusedNaming("nbf", withClaim("nbf", nbf));
    }

    // Threat: a subject that is not a string being coerced, so two issuers' subjects collide in rate limits and logs.
    @ParameterizedTest(name = "sub: {0}")
    @ValueSource(strings = {"null", "42", "true", "[\"a\"]", "{\"name\":\"a\"}"})
    void subOfTheWrongTypeIsRefusedNamingIt(String sub) {
        assertRefusedNaming("sub", withClaim("sub", sub));
    }

    // Threat: a malformed grants claim silently read as "no grants", hiding an issuer's bug behind a 403.
    @ParameterizedTest(name = "ssehub: {0}")
    @ValueSource(strings = {"null", "\"publish\"", "42", "[\"news\"]", "true"})
    void grantsClaimOfTheWrongTypeIsRefusedNamingIt(String grants) {
        assertRefusedNaming("ssehub", withClaim("ssehub", grants));
    }

    // Threat: publish grants of the wrong type (a bare string, a number, an object, non-string items) half-read or dropped.
    @ParameterizedTest(name = "ssehub.publish: {0}")
    @ValueSource(strings = {"null", "\"news\"", "42", "{\"topic\":\"news\"}", "[42]", "[null]", "[[\"news\"]]"})
    void publishGrantsOfTheWrongTypeAreRefusedNamingThem(String publish) {
        assertRefusedNaming("ssehub.publish", withGrant("publish", publish));
    }

    // Threat: subscribe grants of the wrong type (a bare string, a number, an object, non-string items) half-read or dropped.
    @ParameterizedTest(name = "ssehub.subscribe: {0}")
    @ValueSource(strings = {"null", "\"news\"", "42", "{\"topic\":\"news\"}", "[42]", "[null]", "[[\"news\"]]"})
    void subscribeGrantsOfTheWrongTypeAreRefusedNamingThem(String subscribe) {
        assertRefusedNaming("ssehub.subscribe", withGrant("subscribe", subscribe));
    }

    // Threat: the other registered claims (RFC 7519, section 4.1) of the wrong type accepted, or refused without a reason.
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"iss|42", "aud|{\"a\":1}", "iat|\"yesterday\"", "jti|[1]"})
    void otherRegisteredClaimsOfTheWrongTypeAreRefusedNamingThem(String claim, String value) {
        assertRefusedNaming(claim, withClaim(claim, value));
    }

    // Threat: a token without the grants claim crashing or being refused as malformed; it is valid and grants nothing.
    @Test
    void aTokenWithoutAGrantsClaimIsAuthenticatedAndGrantedNothing() {
        ObjectNode claims = RawTokens.validClaims();
        claims.remove("ssehub");

        assertDetailSays(assertProblem(publishWith(claims), 403, "forbidden"), "'news'");
    }

    private void assertRefusedNaming(String claim, JsonNode claims) {
        HttpResponse<String> response = publishWith(claims);

        JsonNode problem = assertProblem(response, 401, "unauthorized");
        assertDetailSays(problem, "'" + claim + "'");
    }

    private static JsonNode withClaim(String claim, String json) {
        ObjectNode claims = RawTokens.validClaims();
        claims.set(claim, RawTokens.json(json));
        return claims;
    }

    private static JsonNode withGrant(String member, String json) {
        ObjectNode claims = RawTokens.validClaims();
        ((ObjectNode) claims.get("ssehub")).set(member, RawTokens.json(json));
        return claims;
    }

    private HttpResponse<String> publishWith(JsonNode claims) {
        String token = RawTokens.hmac("HS256", SECRET.getBytes(StandardCharsets.UTF_8), claims);
        return hub.post(PUBLISH_NEWS, Map.of("Authorization", "Bearer " + token));
    }
}
