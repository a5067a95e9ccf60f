package io.ssehub.refusal;

import java.util.Optional;

/**
 * Every kind of refusal the hub answers, in one table: the slug of its problem type
 * ({@code urn:ssehub:problem:<slug>}), its title and its HTTP status. Both the JAX-RS mapper and the
 * embedded server's own early refusals read it, so a kind is spelled in one place only.
 */
public enum ProblemKind {
    INVALID_FIELD("invalid-field", "Invalid field", 400),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    TOKEN_IN_QUERY("token-in-query", "Token in query string", 400),
    UNAUTHORIZED("unauthorized", "Unauthorized", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    FOREIGN_ORIGIN("foreign-origin", "Forbidden origin", 403),
    DUPLICATE_ID("duplicate-id", "Duplicate id", 409),
    REQUEST_TIMEOUT("request-timeout", "Request timeout", 408),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    TOO_MANY_EVENTS("too-many-events", "Too many events", 413),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    INTERNAL("internal", "Internal server error", 500),
    UNSUPPORTED("unsupported", "Not implemented", 501),
    TOO_MANY_STREAMS("too-many-streams", "Service unavailable", 503),
    UNAVAILABLE("unavailable", "Service unavailable", 503),
    FAILED("failed", "Service unavailable", 503);

    /** RFC 6750, section 3: a 401 names the scheme and realm the client must authenticate with. */
    private static final String BEARER_CHALLENGE = "Bearer realm=\"ssehub\"";

    private final String slug;
    private final String title;
    private final int status;

    ProblemKind(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    /** The stable last part of the problem type, which clients switch on. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} challenge this kind of answer must carry, if any. */
    public Optional<String> challenge() {
        return this == UNAUTHORIZED ? Optional.of(BEARER_CHALLENGE) : Optional.empty();
    }
}
