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

    private static final String GRANTS_PROPERTY = Grants.class.getName();
    private static final List<String> QUERY_TOKEN_NAMES = List.of("access_token", "token", "jwt");
    private static final String BEARER = "Bearer ";

    private final AccessConfig access;
    private final Optional<TokenVerifier> verifier;

    public AccessFilter(AccessConfig access) {
        this.access = access;
        this.verifier = access.isAnonymous() ? Optional.empty() : Optional.of(new TokenVerifier(access));
    }

    /** The grants the filter left on this request; everything if it did not run (anonymous paths). */
    public static Grants grantsOf(ContainerRequestContext request) {
        Object grants = request.getProperty(GRANTS_PROPERTY);
        return grants instanceof Grants known ? known : Grants.everything();
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
        String token = token(request).orElseThrow(() -> new NotAuthenticatedException(
                "a token is required: send Authorization: Bearer <token>, or the " + access.cookieName() + " cookie"));
        TokenVerifier.Verified verified = verifier.get().verify(token);
        request.setProperty(GRANTS_PROPERTY, verified.grants());
    }

    private Optional<String> token(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new NotAuthenticatedException("only Bearer tokens are accepted in the Authorization header");
            }
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        Cookie cookie = request.getCookies().get(access.cookieName());
        return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private static boolean isEventsPath(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.equals("events") || trimmed.startsWith("events/");
    }
}
