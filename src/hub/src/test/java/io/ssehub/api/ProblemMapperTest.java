package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ssehub.config.HubConfig;
import io.ssehub.core.FatalErrors;
import io.ssehub.eventlog.MemoryEventLog;
import io.ssehub.refusal.Problem;
import java.time.Clock;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import io.ssehub.core.Hub;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of refusal answers with its own status, type, title and field, and with Retry-After only
 * when it passes with time: whole seconds, rounded up, never 0 (RFC 9110, section 10.2.3). The expected
 * values are spelled out, not read from {@link ProblemKind}, so that a change to the table shows here.
 */
class ProblemMapperTest {

    private static final Hub HUB = new Hub(HubConfig.from(Map.of("tick.interval", "0")), new MemoryEventLog(16),
            Clock.systemUTC(), FatalErrors.failingTheHub());
    private static final ProblemMapper MAPPER = new ProblemMapper(HUB);

    /** What the mapper's own cases cover; REQUEST_TIMEOUT is answered only by the embedded server (EdgeRefusal). */
    private static final Set<ProblemKind> ANSWERED_BY_THE_MAPPER = EnumSet.complementOf(EnumSet.of(ProblemKind.REQUEST_TIMEOUT));

    @AfterAll
    static void stopTheHub() {
        HUB.stop();
    }

    static Stream<Arguments> everyKind() {
        return Stream.of(
                Arguments.of(Refusal.invalidField("topic", "is required"),
                        400, "invalid-field", "Invalid field", "topic is required", "topic", null),
                Arguments.of(Refusal.malformedRequest("the body is not valid JSON"),
                        400, "malformed-request", "Malformed request", "the body is not valid JSON", null, null),
                Arguments.of(Refusal.tokenInQuery("access_token"),
                        400, "token-in-query", "Token in query string",
                        "tokens in the query string are refused (they leak into logs): remove 'access_token' and send "
                                + "Authorization: Bearer <token> or the token cookie", null, null),
                Arguments.of(Refusal.unauthorized("the token is not valid"),
                        401, "unauthorized", "Unauthorized", "the token is not valid", null, null),
                Arguments.of(Refusal.forbidden("this token may not publish to topic 'x'"),
                        403, "forbidden", "Forbidden", "this token may not publish to topic 'x'", null, null),
                Arguments.of(Refusal.foreignOrigin("origin https://evil.example may not call this hub"),
                        403, "foreign-origin", "Forbidden origin", "origin https://evil.example may not call this hub",
                        null, null),
                Arguments.of(Refusal.duplicateId("urn:example:1"),
                        409, "duplicate-id", "Duplicate id",
                        "id 'urn:example:1' names an event the hub still holds; choose another", "id", null),
                Arguments.of(Refusal.unsupported("the event log on Redis does not hold Mercure updates yet"),
                        501, "unsupported", "Not implemented", "the event log on Redis does not hold Mercure updates yet",
                        null, null),
                Arguments.of(Refusal.payloadTooLarge(1024),
                        413, "payload-too-large", "Payload too large", "the request body must be at most 1024 bytes",
                        null, null),
                Arguments.of(Refusal.tooManyEvents(1000, "publish.batch.max.events"),
                        413, "too-many-events", "Too many events",
                        "a batch may hold at most 1000 events (publish.batch.max.events)", null, null),
                Arguments.of(Refusal.rateLimited("at most 5 publishes per second", Duration.ofMillis(1)),
                        429, "rate-limited", "Too many requests", "at most 5 publishes per second", null, "1"),
                Arguments.of(Refusal.tooManyStreams("the hub has its maximum of 2 open streams", Duration.ofMillis(1500)),
                        503, "too-many-streams", "Service unavailable", "the hub has its maximum of 2 open streams",
                        null, "2"),
                Arguments.of(Refusal.unavailable("the hub is not running", Duration.ofSeconds(3)),
                        503, "unavailable", "Service unavailable", "the hub is not running", null, "3"),
                Arguments.of(Refusal.failed("the hub failed and must be restarted"),
                        503, "failed", "Service unavailable", "the hub failed and must be restarted", null, null));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void aRefusalAnswersWithItsKindsStatusTypeTitleFieldAndRetryAfter(Refusal refusal, int status, String slug,
            String title, String detail, String field, String retryAfter) {
        Response response = MAPPER.toResponse(refusal);

        assertEquals(status, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem("urn:ssehub:problem:" + slug, title, status, detail, field), response.getEntity());
        assertEquals(retryAfter, response.getHeaderString("Retry-After"));
        assertEquals(status == 401 ? "Bearer realm=\"ssehub\"" : null, response.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void everyKindTheMapperAnswersIsCovered() {
        Set<ProblemKind> covered = EnumSet.of(ProblemKind.INTERNAL);
        everyKind().forEach(arguments -> covered.add(((Refusal) arguments.get()[0]).kind()));

        assertEquals(ANSWERED_BY_THE_MAPPER, covered);
    }

    @Test
    void retryAfterIsRoundedUpToAWholeSecondAndNeverZero() {
        assertEquals(1, Refusal.unavailable("x", Duration.ZERO).retryAfterSeconds().getAsLong());
        assertEquals(1, Refusal.unavailable("x", Duration.ofNanos(1)).retryAfterSeconds().getAsLong());
        assertEquals(1, Refusal.unavailable("x", Duration.ofSeconds(1)).retryAfterSeconds().getAsLong());
        assertEquals(2, Refusal.unavailable("x", Duration.ofMillis(1001)).retryAfterSeconds().getAsLong());
        assertEquals(2, Refusal.unavailable("x", Duration.ofMillis(1500)).retryAfterSeconds().getAsLong());
        assertEquals(1, Refusal.unavailable("x", Duration.ofMillis(-5)).retryAfterSeconds().getAsLong());
    }

    @Test
    void anUnexpectedFailureIsA500ThatSaysNothingOfItsCause() {
        Response response = MAPPER.toResponse(new IllegalStateException("parser state: secret"));

        assertEquals(500, response.getStatus());
        assertEquals(new Problem("urn:ssehub:problem:internal", "Internal server error", 500,
                "the hub could not handle this request", null), response.getEntity());
        assertNull(response.getHeaderString("Retry-After"));
    }

    @Test
    void jerseysOwnRefusalKeepsItsStatusAndHeaders() {
        Response response = MAPPER.toResponse(new NotAllowedException(Response.status(405).allow("GET").build()));

        assertEquals(405, response.getStatus());
        assertEquals(new Problem("urn:ssehub:problem:method-not-allowed", "Method Not Allowed", 405,
                "this method is not allowed here; allowed: GET", null), response.getEntity());
        assertEquals(Set.of("GET"), response.getAllowedMethods());
    }
}
