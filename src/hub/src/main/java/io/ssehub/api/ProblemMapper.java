package io.ssehub.api;

import io.ssehub.refusal.Problem;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;
import io.ssehub.core.Hub;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place refusals become responses: a {@link Refusal} becomes its problem, Jersey's own refusals
 * keep their status and headers, anything else is a 500. Internals (class names, stack traces, parser
 * state) never reach the client.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private final Hub hub;

    public ProblemMapper(Hub hub) {
        this.hub = hub;
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof VirtualMachineError fatal) {
            // Out of memory or of stack: answering 500 and going on would leave a hub that looks alive but
            // whose threads may be dead. The hub fails, and may take the process with it (FatalErrors).
            hub.failed("a request failed", fatal);
            return fromRefusal(Refusal.failed("the hub failed and must be restarted"));
        }
        if (exception instanceof Refusal refusal) {
            return fromRefusal(refusal);
        }
        if (exception instanceof WebApplicationException web) {
            return fromWebApplication(web);
        }
        LOG.error("unexpected failure while handling a request", exception);
        return respond(Problem.of(ProblemKind.INTERNAL, "the hub could not handle this request")).build();
    }

    /** A refusal's problem, with the challenge its kind calls for and when to try again, if it says. */
    private static Response fromRefusal(Refusal refusal) {
        Response.ResponseBuilder response = respond(Problem.of(refusal));
        refusal.kind().challenge().ifPresent(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        refusal.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
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
        Response.ResponseBuilder response =
                respond(Problem.of(slug(statusType.getReasonPhrase()), statusType.getReasonPhrase(), status, detail));
        original.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String slug(String reason) {
        return reason.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
