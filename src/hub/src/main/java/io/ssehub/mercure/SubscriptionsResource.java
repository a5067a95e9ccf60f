package io.ssehub.mercure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.ssehub.core.Hub;
import io.ssehub.event.EventId;
import io.ssehub.event.Json;
import io.ssehub.eventlog.EventLog;
import io.ssehub.refusal.Refusal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The subscription API (spec, "Subscription API"), served when {@code mercure.subscriptions} is on:
 * {@code GET /.well-known/mercure/subscriptions}, {@code …/{topic}} and {@code …/{topic}/{subscriber}}
 * (both percent-encoded), as JSON-LD. A caller needs a {@code mercure.subscribe} selector matching the
 * path it asks for, as for the subscription events of the same path. Every answer carries, at its root,
 * the {@code lastEventID} from which the subscription events continue it ({@link ActiveSubscriptions}).
 */
@Path(".well-known/mercure/subscriptions")
public final class SubscriptionsResource {

    /** The spec's media type for every answer of the API. */
    static final String LD_JSON = "application/ld+json";
    /** The hub's JSON, leaving the response stream for the container to close. */
    private static final ObjectWriter LD_WRITER = Json.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Hub hub;
    private final MercureAccess access;
    private final ActiveSubscriptions subscriptions;

    SubscriptionsResource(Hub hub, MercureAccess access, ActiveSubscriptions subscriptions) {
        this.hub = hub;
        this.access = access;
        this.subscriptions = subscriptions;
    }

    /** Every active subscription. */
    @GET
    @Produces(LD_JSON)
    public Response all(@Context ContainerRequestContext request) {
        return collection(request, subscription -> true);
    }

    /** The active subscriptions of one topic selector. */
    @GET
    @Path("{topic}")
    @Produces(LD_JSON)
    public Response ofTopic(@PathParam("topic") String topic, @Context ContainerRequestContext request) {
        return collection(request, subscription -> subscription.topic().equals(topic));
    }

    /** One active subscription; an ended or unknown one is not found (the spec allows either). */
    @GET
    @Path("{topic}/{subscriber}")
    @Produces(LD_JSON)
    public Response one(@PathParam("topic") String topic, @PathParam("subscriber") String subscriber,
                        @Context ContainerRequestContext request) {
        String lastEventId = authorizedLastEventId(request);
        SubscriptionDocument found = subscriptions.find(topic, subscriber).orElseThrow(NotFoundException::new);
        Map<String, Object> document = found.json(true);
        document.put("lastEventID", lastEventId);
        return Response.ok(Json.write(document), LD_JSON).build();
    }

    private Response collection(ContainerRequestContext request, Predicate<SubscriptionDocument> selected) {
        String lastEventId = authorizedLastEventId(request);
        // Written as it is read: a hub of many streams holds no copy of the whole list per request.
        Iterator<Map<String, Object>> listed = subscriptions.all().filter(selected)
                .map(subscription -> subscription.json(false)).iterator();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", SubscriptionDocument.CONTEXT);
        document.put("id", path(request));
        document.put("type", "Subscriptions");
        document.put("lastEventID", lastEventId);
        document.put("subscriptions", listed);
        StreamingOutput body = out -> LD_WRITER.writeValue(out, document);
        return Response.ok(body, LD_JSON).build();
    }

    /**
     * Judges the caller, then reads the log's last id: before the subscriptions are read, so that the events
     * after it tell every change the answer misses.
     *
     * @throws Refusal (token in the query, unauthorized, forbidden) when the caller may not read this path
     */
    private String authorizedLastEventId(ContainerRequestContext request) {
        MercureResource.refuseTokenInQuery(request.getUriInfo().getQueryParameters());
        MercureCaller caller = access.subscriber(request);
        String path = path(request);
        if (!caller.claims().subscribe().matches(path)) {
            throw Refusal.forbidden("reading " + path + " needs a mercure.subscribe selector that matches it");
        }
        return hub.lastEventId().map(EventId::text).orElse(EventLog.EARLIEST);
    }

    /** The path asked for, percent-encoded as sent, from the hub's root: what selectors and ids are matched to. */
    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(false);
        return path.startsWith("/") ? path : "/" + path;
    }
}
