package io.ssehub.security;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The network address a request came from, as the container saw it. JAX-RS has no portable way to
 * ask, so each runtime sets it from its own request object (see {@code GrizzlyRequestFilter} and
 * {@code ServletClientAddressFilter}); forwarded headers count only from the proxies {@code proxy.trusted}
 * names ({@link ForwardedClientFilter}), as any client can forge them.
 */
public final class ClientAddress {

    public static final String UNKNOWN = "unknown";
    /**
     * The request property that holds the address; in a servlet container a request's properties are the
     * servlet request's attributes, so a servlet filter may set it as one.
     */
    public static final String PROPERTY = ClientAddress.class.getName();

    private ClientAddress() {
    }

    public static void set(ContainerRequestContext request, String address) {
        request.setProperty(PROPERTY, address == null || address.isEmpty() ? UNKNOWN : address);
    }

    public static String of(ContainerRequestContext request) {
        Object address = request.getProperty(PROPERTY);
        return address instanceof String known ? known : UNKNOWN;
    }
}
