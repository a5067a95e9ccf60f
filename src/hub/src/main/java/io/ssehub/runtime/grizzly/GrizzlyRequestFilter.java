package io.ssehub.runtime.grizzly;

import io.ssehub.security.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.grizzly.http.server.Request;

/**
 * What embedded Grizzly knows of a request and JAX-RS has no portable way to ask: the client address, for
 * the stream limits.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class GrizzlyRequestFilter implements ContainerRequestFilter {

    private final Provider<Request> grizzlyRequest;

    @Inject
    public GrizzlyRequestFilter(Provider<Request> grizzlyRequest) {
        this.grizzlyRequest = grizzlyRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Request grizzly = grizzlyRequest.get();
        ClientAddress.set(request, grizzly.getRemoteAddr());
    }
}
