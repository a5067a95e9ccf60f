package io.ssehub.runtime;

import io.ssehub.security.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.grizzly.http.server.Request;

/** The client address on embedded Grizzly, from Grizzly's own request (JAX-RS has no portable way). */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class GrizzlyClientAddressFilter implements ContainerRequestFilter {

    private final Provider<Request> grizzlyRequest;

    @Inject
    public GrizzlyClientAddressFilter(Provider<Request> grizzlyRequest) {
        this.grizzlyRequest = grizzlyRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ClientAddress.set(request, grizzlyRequest.get().getRemoteAddr());
    }
}
