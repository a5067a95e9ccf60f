package io.ssehub.security;

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

    /** The caller the filter left on this request; an anonymous one if it left none. */
    public static Caller of(ContainerRequestContext request) {
        Object caller = request.getProperty(PROPERTY);
        return caller instanceof Caller known ? known
                : new Caller(Grants.everything(), Optional.empty(), "address:" + ClientAddress.of(request));
    }
}
