package io.ssehub.refusal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request the hub will not carry out, as a value: what kind of refusal ({@link ProblemKind}), a detail
 * naming the broken rule, the input field that broke it (when there is one) and when to try again (when
 * the refusal passes with time). Thrown from wherever the rule lives; answered by one mapper.
 */
public final class Refusal extends RuntimeException {

    private final ProblemKind kind;
    private final String field;
    private final Duration retryAfter;

    private Refusal(ProblemKind kind, String detail, String field, Duration retryAfter) {
        super(detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** An event or subscription field that breaks one of the event rules; the detail is "field rule". */
    public static Refusal invalidField(String field, String rule) {
        return new Refusal(ProblemKind.INVALID_FIELD, field + " " + rule, Objects.requireNonNull(field, "field"), null);
    }

    /** A request the hub cannot read (malformed JSON, an unknown member). */
    public static Refusal malformedRequest(String detail) {
        return new Refusal(ProblemKind.MALFORMED_REQUEST, detail, null, null);
    }

    /** A request body over the configured limit, refused before it is read whole. */
    public static Refusal payloadTooLarge(int limit) {
        return new Refusal(ProblemKind.PAYLOAD_TOO_LARGE, "the request body must be at most " + limit + " bytes",
                null, null);
    }

    /** An event of a batch larger than one publish may be: each must fit in the log as a publish of its own. */
    public static Refusal eventTooLarge(int limit) {
        return new Refusal(ProblemKind.PAYLOAD_TOO_LARGE, "an event must be at most " + limit
                + " bytes of the body, as a publish of its own (publish.max.bytes)", null, null);
    }

    /** A batch publish of more events than one batch may hold. */
    public static Refusal tooManyEvents(int max, String setting) {
        return new Refusal(ProblemKind.TOO_MANY_EVENTS, "a batch may hold at most " + max + " events (" + setting + ")",
                null, null);
    }

    /**
     * The same refusal, said of one part of the request (an event of a batch, {@code [3]}): the detail starts
     * with the place and the field, if any, is named within it ({@code [3].topic}).
     */
    public Refusal at(String place) {
        return new Refusal(kind, place + ": " + getMessage(), field == null ? null : place + "." + field, retryAfter);
    }

    /** A token sent as a query parameter: URLs end up in logs, histories and Referer headers. */
    public static Refusal tokenInQuery(String parameter) {
        return new Refusal(ProblemKind.TOKEN_IN_QUERY, "tokens in the query string are refused (they leak into logs): "
                + "remove '" + parameter + "' and send Authorization: Bearer <token> or the token cookie", null, null);
    }

    /** No valid token where one is required; the detail says what was wrong without repeating the token. */
    public static Refusal unauthorized(String detail) {
        return new Refusal(ProblemKind.UNAUTHORIZED, detail, null, null);
    }

    /** An authenticated request that asks for more than its token grants. */
    public static Refusal forbidden(String detail) {
        return new Refusal(ProblemKind.FORBIDDEN, detail, null, null);
    }

    /**
     * A cookie-authenticated change from a page of another origin: the browser attached the cookie, the
     * user did not mean to (cross-site request forgery).
     */
    public static Refusal foreignOrigin(String detail) {
        return new Refusal(ProblemKind.FOREIGN_ORIGIN, detail, null, null);
    }

    /**
     * An id its publisher chose that names an event the log still holds: a client resuming after it could
     * not tell which one it saw.
     */
    public static Refusal duplicateId(String id) {
        return new Refusal(ProblemKind.DUPLICATE_ID, "id '" + (id.length() <= 64 ? id : id.substring(0, 64) + "…")
                + "' names an event the hub still holds; choose another", "id", null);
    }

    /** What this hub, as configured, does not do: asking again will not help. */
    public static Refusal unsupported(String detail) {
        return new Refusal(ProblemKind.UNSUPPORTED, detail, null, null);
    }

    /** A stream refused because a connection limit is reached. */
    public static Refusal tooManyStreams(String detail, Duration retryAfter) {
        return new Refusal(ProblemKind.TOO_MANY_STREAMS, detail, null, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** A publish refused by the rate limit, with when a token will be available again. */
    public static Refusal rateLimited(String detail, Duration retryAfter) {
        return new Refusal(ProblemKind.RATE_LIMITED, detail, null, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** The hub is not (or no longer) taking events or streams; come back after {@code retryAfter}. */
    public static Refusal unavailable(String detail, Duration retryAfter) {
        return new Refusal(ProblemKind.UNAVAILABLE, detail, null, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** The hub failed and must be restarted: no time to come back after can be promised. */
    public static Refusal failed(String detail) {
        return new Refusal(ProblemKind.FAILED, detail, null, null);
    }

    public ProblemKind kind() {
        return kind;
    }

    /** The input (body member, query parameter or header) that broke the rule. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * {@code Retry-After} counts whole seconds (RFC 9110, section 10.2.3): rounded up, so a client never
     * comes back before the hint, and never 0, which would invite an immediate retry.
     */
    public OptionalLong retryAfterSeconds() {
        if (retryAfter == null) {
            return OptionalLong.empty();
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return OptionalLong.of(Math.max(1, seconds));
    }
}
