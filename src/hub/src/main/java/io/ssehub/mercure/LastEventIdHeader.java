package io.ssehub.mercure;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts the {@code Last-Event-ID} response header on a Mercure stream that asked to resume (spec,
 * "Reconciliation"), under its 0.x name and the 1.0 draft's: a resource that writes to an {@code SseEventSink}
 * has no response of its own to set it on.
 */
final class LastEventIdHeader implements ContainerResponseFilter {

    /** The 1.0 draft's name for the same header ({@code Last-Event-ID} being a request header by its registration). */
    static final String DRAFT_HEADER = "Mercure-Last-Event-ID";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(MercureResource.RESPONSE_LAST_EVENT_ID) instanceof String id) {
            response.getHeaders().putSingle(HttpHeaders.LAST_EVENT_ID_HEADER, id);
            response.getHeaders().putSingle(DRAFT_HEADER, id);
        }
    }
}
