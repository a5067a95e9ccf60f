package io.ssehub.mercure;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts the {@code Last-Event-ID} response header on a Mercure stream that asked to resume (spec,
 * "Reconciliation"): a resource that writes to an {@code SseEventSink} has no response of its own to set it on.
 */
final class LastEventIdHeader implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(MercureResource.RESPONSE_LAST_EVENT_ID) instanceof String id) {
            response.getHeaders().putSingle(HttpHeaders.LAST_EVENT_ID_HEADER, id);
        }
    }
}
