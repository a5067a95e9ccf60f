package io.ssehub.security;

import io.ssehub.config.AccessConfig;
import io.ssehub.refusal.Refusal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Establishes the {@link Caller} of every request routed to a {@link Protected} resource and leaves it
 * on the request for the resource to enforce its {@link Grants}. Bound by name, not by path: it runs for
 * whatever spelling of the path Jersey matched to the resource. In anonymous mode the caller may do
 * everything; otherwise a token comes from an {@code Authorization: Bearer} header or, for browsers'
 * EventSource which cannot send headers, from a cookie.
 */
@Protected
@Priority(Priorities.AUTHENTICATION)
public final class AccessFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final AccessConfig access;
    private final Optional<TokenVerifier> verifier;

    /** @param verifier the hub's one verifier ({@link TokenVerifier#forAccess}); empty in anonymous mode */
    public AccessFilter(AccessConfig access, Optional<TokenVerifier> verifier) {
        this.access = access;
        this.verifier = verifier;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (verifier.isEmpty()) {
            Caller.set(request, Caller.anonymous(ClientAddress.of(request)));
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw Refusal.unauthorized("only Bearer tokens are accepted in the Authorization header");
            }
            token = authorization.substring(BEARER.length()).trim();
        } else {
            Cookie cookie = request.getCookies().get(access.cookieName());
            if (cookie == null || cookie.getValue().isEmpty()) {
                throw Refusal.unauthorized(
                        "a token is required: send Authorization: Bearer <token>, or the " + access.cookieName() + " cookie");
            }
            token = cookie.getValue();
            CookieOrigin.requireOwnOrAllowed(request, access);
        }
        TokenVerifier.Verified verified = verifier.get().verify(token);
        Caller.set(request, new Caller(verified.grants(), Optional.of(verified.expiresAt()), "subject:" + verified.subject()));
    }
}
