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
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (verifier.isEmpty() || authorization != null) {
            Caller.set(request, byHeader(authorization, ClientAddress.of(request)));
            return;
        }
        Cookie cookie = request.getCookies().get(access.cookieName());
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw Refusal.unauthorized(
                    "a token is required: send Authorization: Bearer <token>, or the " + access.cookieName() + " cookie");
        }
        CookieOrigin.requireOwnOrAllowed(request, access);
        Caller.set(request, verified(cookie.getValue()));
    }

    /**
     * Whether {@link #byHeader} decides without waiting on anything (no key is fetched while it checks), so
     * that a thread that must never wait may call it.
     */
    public boolean decidesWithoutWaiting() {
        return verifier.isEmpty() || access.keysAtHand();
    }

    /**
     * The caller of a request that carries no token cookie, from its {@code Authorization} header (null when
     * it has none): anyone in anonymous mode, otherwise whom the Bearer token names. For a runtime that serves
     * a request without Jersey; the filter itself takes this path too.
     *
     * @throws Refusal (unauthorized) when access control is on and the header is missing or not a valid
     *                 Bearer token
     */
    public Caller byHeader(String authorization, String clientAddress) {
        if (verifier.isEmpty()) {
            return Caller.anonymous(clientAddress);
        }
        if (authorization == null) {
            throw Refusal.unauthorized("a token is required: send Authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Refusal.unauthorized("only Bearer tokens are accepted in the Authorization header");
        }
        return verified(authorization.substring(BEARER.length()).trim());
    }

    private Caller verified(String token) {
        TokenVerifier.Verified verified = verifier.get().verify(token);
        return new Caller(verified.grants(), Optional.of(verified.expiresAt()), "subject:" + verified.subject());
    }
}
