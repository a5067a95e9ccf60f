package io.ssehub.api;

import io.ssehub.event.InvalidEventException;
import io.ssehub.runtime.Hub;
import io.ssehub.runtime.HubStoppedException;
import io.ssehub.security.ForeignOriginException;
import io.ssehub.security.NotAuthenticatedException;
import io.ssehub.security.TooManyPublishesException;
import io.ssehub.security.TooManyStreamsException;
import io.ssehub.security.NotGrantedException;
import io.ssehub.security.RetryLaterException;
import io.ssehub.security.TokenInQueryException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place refusals become responses: every exception turns into a problem body with the right
 * status. Internals (class names, stack traces, parser state) never reach the client.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private final Hub hub;

    @Inject
    public ProblemMapper(Hub hub) {
        this.hub = hub;
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof VirtualMachineError fatal) {
            // Out of memory or of stack: answering 500 and going on would leave a hub that looks alive but
            // whose threads may be dead. The hub fails, and may take the process with it (FatalErrors).
            hub.failed("a request failed", fatal);
            return respond(Problem.of("failed", "Service unavailable", 503, "the hub failed and must be restarted"));
        }
        if (exception instanceof InvalidEventException invalid) {
            return respond(Problem.of("invalid-field", "Invalid field", 400, invalid.getMessage()).withField(invalid.field()));
        }
        if (exception instanceof InvalidRequestException invalid) {
            return respond(Problem.of("malformed-request", "Malformed request", 400, invalid.getMessage()));
        }
        if (exception instanceof PayloadTooLargeException tooLarge) {
            return respond(Problem.of("payload-too-large", "Payload too large", 413, tooLarge.getMessage()));
        }
        if (exception instanceof TokenInQueryException inQuery) {
            return respond(Problem.of("token-in-query", "Token in query string", 400, inQuery.getMessage()));
        }
        if (exception instanceof NotAuthenticatedException unauthenticated) {
            // RFC 6750, section 3: a Bearer challenge, with why the token (if any) was not accepted.
            return Response.fromResponse(respond(Problem.of("unauthorized", "Unauthorized", 401, unauthenticated.getMessage())))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ssehub\"")
                    .build();
        }
        if (exception instanceof NotGrantedException notGranted) {
            return respond(Problem.of("forbidden", "Forbidden", 403, notGranted.getMessage()));
        }
        if (exception instanceof ForeignOriginException foreign) {
            return respond(Problem.of("foreign-origin", "Forbidden origin", 403, foreign.getMessage()));
        }
        if (exception instanceof TooManyStreamsException tooMany) {
            return retryLater(Problem.of("too-many-streams", "Service unavailable", 503, tooMany.getMessage()), tooMany);
        }
        if (exception instanceof TooManyPublishesException tooMany) {
            return retryLater(Problem.of("rate-limited", "Too many requests", 429, tooMany.getMessage()), tooMany);
        }
        if (exception instanceof HubStoppedException stopped) {
            return Response.fromResponse(respond(Problem.of("unavailable", "Service unavailable", 503, stopped.getMessage())))
                    .header(HttpHeaders.RETRY_AFTER, Math.max(1, hub.config().retryHint().toSeconds()))
                    .build();
        }
        if (exception instanceof WebApplicationException web) {
            return fromWebApplication(web);
        }
        LOG.error("unexpected failure while handling a request", exception);
        return respond(Problem.of("internal", "Internal server error", 500, "the hub could not handle this request"));
    }

    /** Jersey's own refusals (404, 405, 406, 415, …) keep their status and headers, with a problem body. */
    private static Response fromWebApplication(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType statusType = original.getStatusInfo();
        String detail = switch (status) {
            case 404 -> "there is no resource at this path";
            case 405 -> "this method is not allowed here; allowed: " + String.join(", ", original.getAllowedMethods());
            case 406 -> "none of the accepted media types can be produced here";
            case 415 -> "send the body as Content-Type: application/json";
            default -> statusType.getReasonPhrase();
        };
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(slug(statusType.getReasonPhrase()), statusType.getReasonPhrase(), status, detail));
        original.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    /** Retry-After counts whole seconds (RFC 9110, section 10.2.3): round up, never 0. */
    private static Response retryLater(Problem problem, RetryLaterException refusal) {
        long seconds = Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
        return Response.fromResponse(respond(problem)).header(HttpHeaders.RETRY_AFTER, seconds).build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String slug(String reason) {
        return reason.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
