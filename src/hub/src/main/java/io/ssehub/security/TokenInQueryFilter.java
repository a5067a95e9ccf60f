package io.ssehub.security;

import io.ssehub.refusal.Refusal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/**
 * Refuses a token in the query string on every path, in every mode, before routing: it would end up in
 * access logs, proxies and browser history even where the hub would not read it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class TokenInQueryFilter implements ContainerRequestFilter {

    private static final List<String> QUERY_TOKEN_NAMES = List.of("access_token", "token", "jwt");

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (String name : QUERY_TOKEN_NAMES) {
            if (query.containsKey(name)) {
                throw Refusal.tokenInQuery(name);
            }
        }
    }
}
