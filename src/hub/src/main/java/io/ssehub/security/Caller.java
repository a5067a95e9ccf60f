package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is calling, as the access filter established it: what they may do, until when, and the key their
 * publishes are rate-limited under (the token's subject, or the client address in anonymous mode).
 */
public record Caller(Grants grants, Optional<Instant> expiresAt, String publisherKey) {

    private static final String PROPERTY = Caller.class.getName();

    static void set(ContainerRequestContext request, Caller caller) {
        request.setProperty(PROPERTY, caller);
    }

    /** Anyone, in anonymous mode: every grant, rate-limited by client address. */
    static Caller anonymous(String address) {
        return new Caller(Grants.everything(), Optional.empty(), "address:" + address);
    }

    /**
     * The caller {@link AccessFilter} verified for this request.
     *
     * @throws Refusal (unauthorized) when no caller was verified (the resource is not {@link Protected}
     *                                   or the filter did not run): access fails closed, never open
     */
    public static Caller of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof Caller known) {
            return known;
        }
        throw Refusal.unauthorized("this request reached a protected resource without a verified caller");
    }
}
