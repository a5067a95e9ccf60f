package io.ssehub.security;

import io.ssehub.config.TrustedProxies;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;

/**
 * Replaces the client address a runtime set (the connection's peer) with the one trusted proxies forwarded
 * ({@link ForwardedClient}), before anything counts against it; the same for every runtime. Runs after the
 * runtime's own filter and before access control.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
public final class ForwardedClientFilter implements ContainerRequestFilter {

    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final ForwardedClient client;

    public ForwardedClientFilter(TrustedProxies trusted) {
        this.client = new ForwardedClient(trusted);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String peer = ClientAddress.of(request);
        String resolved = client.clientOf(peer, values(request, FORWARDED), values(request, X_FORWARDED_FOR));
        if (!resolved.equals(peer)) {
            ClientAddress.set(request, resolved);
        }
    }

    private static List<String> values(ContainerRequestContext request, String header) {
        List<String> values = request.getHeaders().get(header);
        return values == null ? List.of() : values;
    }
}
