package io.ssehub.security;

import io.ssehub.config.AccessConfig;
import io.ssehub.refusal.Refusal;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;

/**
 * A browser attaches a cookie to requests that other sites' pages make too; a change made with it must
 * come from the hub's own page or an allowed origin (the Origin header, RFC 6454, which pages cannot
 * forge). Reads (GET, HEAD) change nothing and are left to CORS. Every protocol that takes a token from a
 * cookie applies it.
 */
public final class CookieOrigin {

    private CookieOrigin() {
    }

    /** @throws Refusal (foreign origin) for a change without an Origin header, or from an origin not allowed */
    public static void requireOwnOrAllowed(ContainerRequestContext request, AccessConfig access) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            throw Refusal.foreignOrigin("a change authenticated by cookie must carry an Origin header");
        }
        if (!origin.equals(ownOrigin(request)) && !access.allowsOrigin(origin)) {
            throw Refusal.foreignOrigin("a change authenticated by cookie may not come from origin " + origin);
        }
    }

    private static String ownOrigin(ContainerRequestContext request) {
        URI base = request.getUriInfo().getBaseUri();
        boolean defaultPort = base.getPort() == -1
                || ("http".equals(base.getScheme()) && base.getPort() == 80)
                || ("https".equals(base.getScheme()) && base.getPort() == 443);
        return base.getScheme() + "://" + base.getHost() + (defaultPort ? "" : ":" + base.getPort());
    }
}
