package io.ssehub.security;

import io.ssehub.config.AccessConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates requests to {@code /events} and leaves their {@link Grants} on the request for the
 * resource to enforce. A token comes from an {@code Authorization: Bearer} header or, for browsers'
 * EventSource which cannot send headers, from a cookie. A token in the query string is refused on every
 * path, in every mode: it would end up in access logs and browser history.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AccessFilter implements ContainerRequestFilter {

    private static final List<String> QUERY_TOKEN_NAMES = List.of("access_token", "token", "jwt");
    private static final String BEARER = "Bearer ";

    private final AccessConfig access;
    private final Optional<TokenVerifier> verifier;

    public AccessFilter(AccessConfig access) {
        this.access = access;
        this.verifier = access.isAnonymous() ? Optional.empty() : Optional.of(new TokenVerifier(access));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (String name : QUERY_TOKEN_NAMES) {
            if (query.containsKey(name)) {
                throw new TokenInQueryException(name);
            }
        }
        if (verifier.isEmpty() || !isEventsPath(request)) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new NotAuthenticatedException("only Bearer tokens are accepted in the Authorization header");
            }
            token = authorization.substring(BEARER.length()).trim();
        } else {
            Cookie cookie = request.getCookies().get(access.cookieName());
            if (cookie == null || cookie.getValue().isEmpty()) {
                throw new NotAuthenticatedException(
                        "a token is required: send Authorization: Bearer <token>, or the " + access.cookieName() + " cookie");
            }
            token = cookie.getValue();
            requireOwnOrAllowedOrigin(request);
        }
        TokenVerifier.Verified verified = verifier.get().verify(token);
        Caller.set(request, new Caller(verified.grants(), Optional.of(verified.expiresAt()), "subject:" + verified.subject()));
    }

    /**
     * A browser attaches the cookie to requests that other sites' pages make too; a change made with it
     * must come from the hub's own page or an allowed origin (the Origin header, RFC 6454, which pages
     * cannot forge). Reads (GET, HEAD) change nothing and are left to CORS.
     */
    private void requireOwnOrAllowedOrigin(ContainerRequestContext request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            throw new ForeignOriginException("a change authenticated by cookie must carry an Origin header");
        }
        if (!origin.equals(ownOrigin(request)) && !access.allowsOrigin(origin)) {
            throw new ForeignOriginException("a change authenticated by cookie may not come from origin " + origin);
        }
    }

    private static String ownOrigin(ContainerRequestContext request) {
        java.net.URI base = request.getUriInfo().getBaseUri();
        boolean defaultPort = base.getPort() == -1
                || ("http".equals(base.getScheme()) && base.getPort() == 80)
                || ("https".equals(base.getScheme()) && base.getPort() == 443);
        return base.getScheme() + "://" + base.getHost() + (defaultPort ? "" : ":" + base.getPort());
    }

    private static boolean isEventsPath(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.equals("events") || trimmed.startsWith("events/");
    }
}
