package io.ssehub.runtime.grizzly;

import io.ssehub.security.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.grizzly.http.server.Response;

/**
 * What embedded Grizzly knows of a request and JAX-RS has no portable way to ask: the client address, for
 * the stream limits and the publish rate. Read from the response {@link ServedResponse} holds for this
 * thread rather than from an injected {@code Provider<Request>}: the request-scoped lookup through HK2 cost
 * about a fifteenth of a publish's CPU.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class GrizzlyRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        // Every request reaches Jersey through GuardedContainer, which sets the response it serves; without
        // one the address stays unknown, which counts against the limits like any other address.
        ClientAddress.set(request, ServedResponse.current().map(Response::getRequest)
                .map(grizzly -> grizzly.getRemoteAddr()).orElse(null));
    }
}
