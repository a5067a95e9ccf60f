package io.ssehub.jaxrs;

import io.ssehub.security.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * The request the current thread is serving, for the standard {@code SseBroadcaster.register(sink)}, which
 * is given a sink and nothing else: a stream registered that way still resumes after the client's
 * {@code Last-Event-ID} and counts against its address's limit. JAX-RS runs a synchronous resource method on
 * the thread that ran the request filters; the response filter forgets the request again.
 */
@Priority(Priorities.USER)
final class ServedRequest implements ContainerRequestFilter, ContainerResponseFilter {

    /** The query parameter a client that cannot set headers resumes with. */
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

    private static final ThreadLocal<ContainerRequestContext> CURRENT = new ThreadLocal<>();

    @Override
    public void filter(ContainerRequestContext request) {
        CURRENT.set(request);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CURRENT.remove();
    }

    /**
     * The last event id the current request resumes after: the header, else the query parameter; empty
     * (not resuming) when neither is sent, when both are empty, or outside a request.
     */
    static Optional<String> lastEventId() {
        ContainerRequestContext request = CURRENT.get();
        if (request == null) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.LAST_EVENT_ID_HEADER);
        if (header != null && !header.isEmpty()) {
            return Optional.of(header);
        }
        String query = request.getUriInfo().getQueryParameters().getFirst(LAST_EVENT_ID_PARAMETER);
        return query == null || query.isEmpty() ? Optional.empty() : Optional.of(query);
    }

    /** Who may use the current request's response, when ({@link ResponseCustody#PROPERTY}). */
    static ResponseCustody responseCustody() {
        ContainerRequestContext request = CURRENT.get();
        Object custody = request == null ? null : request.getProperty(ResponseCustody.PROPERTY);
        return custody instanceof ResponseCustody given ? given : ResponseCustody.HUB;
    }

    /** The current request's client address, when a runtime told it. */
    static Optional<String> clientAddress() {
        ContainerRequestContext request = CURRENT.get();
        if (request == null) {
            return Optional.empty();
        }
        String address = ClientAddress.of(request);
        return ClientAddress.UNKNOWN.equals(address) ? Optional.empty() : Optional.of(address);
    }
}
