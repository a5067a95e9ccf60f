package io.ssehub.runtime;

import io.ssehub.security.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.jersey.internal.util.collection.Ref;

/**
 * The client address in a servlet container, from the servlet request (JAX-RS has no portable way).
 * Read through the reference Jersey's servlet container keeps for each request, not through an injected
 * proxy: such a proxy must see both the server's servlet API and the application's HK2, and a
 * container's class loaders keep those apart (HK2 then fails with "ProxyCtl ... is not visible").
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class ServletClientAddressFilter implements ContainerRequestFilter {

    private final Provider<Ref<HttpServletRequest>> servletRequest;

    @Inject
    public ServletClientAddressFilter(Provider<Ref<HttpServletRequest>> servletRequest) {
        this.servletRequest = servletRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        HttpServletRequest current = servletRequest.get().get();
        ClientAddress.set(request, current == null ? null : current.getRemoteAddr());
    }
}
