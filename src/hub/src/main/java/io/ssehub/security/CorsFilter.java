package io.ssehub.security;

import io.ssehub.config.AccessConfig;
import io.ssehub.refusal.Refusal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Cross-origin access for browser pages (the Fetch standard's CORS protocol): only origins on the
 * allow-list get the headers that let their pages read the hub's answers. An exact origin is echoed with
 * credentials allowed (so cookies and Authorization work); {@code *} allows any origin without
 * credentials, never both. Preflights for publishing are answered here, before routing.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, HEAD, POST";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Last-Event-ID";
    /**
     * Response headers a page may read besides the safelisted ones: Mercure's {@code Last-Event-ID} (the 1.0
     * draft's {@code Mercure-Last-Event-ID}), with which a subscriber learns whether it missed updates (Mercure
     * spec, "Reconciliation").
     */
    static final String EXPOSED_HEADERS = "Last-Event-ID, Mercure-Last-Event-ID";
    /** How long a browser may cache a preflight's answer. */
    static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private final AccessConfig access;

    public CorsFilter(AccessConfig access) {
        this.access = access;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (!"OPTIONS".equals(request.getMethod()) || origin == null
                || request.getHeaderString("Access-Control-Request-Method") == null) {
            return;
        }
        if (!access.allowsOrigin(origin)) {
            throw Refusal.foreignOrigin("origin " + origin + " may not call this hub (cors.allowed.origins)");
        }
        Response.ResponseBuilder preflight = Response.noContent()
                .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        request.abortWith(preflight.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", "Origin");
        if (origin == null || !access.allowsOrigin(origin)) {
            return;
        }
        headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if (access.allowedOrigins().contains(origin)) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Allow-Credentials", "true");
        } else {
            // Allowed only through "*": any origin may read, but never with the user's credentials.
            headers.putSingle("Access-Control-Allow-Origin", "*");
        }
    }
}
