package io.ssehub.api;

import io.ssehub.core.Hub;
import io.ssehub.core.StreamRequest;
import io.ssehub.event.EventRules;
import io.ssehub.fanout.StreamTerms;
import io.ssehub.fanout.Subscription;
import io.ssehub.jaxrs.HubBroadcaster;
import io.ssehub.security.BoundedBody;
import io.ssehub.security.Caller;
import io.ssehub.security.ClientAddress;
import io.ssehub.security.Protected;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /events}: subscribe with GET (an event stream), publish with POST. Thin by design: it
 * validates and authorises, then registers the stream's sink through the hub's {@code SseBroadcaster}, or
 * publishes to the hub.
 */
@Path("events")
@Protected // every method: only a caller the access filter verified gets in, however the path is spelled
public final class EventsResource {

    /** Header a reconnecting client sends (WHATWG HTML, "Server-sent events"). */
    static final String LAST_EVENT_ID = HttpHeaders.LAST_EVENT_ID_HEADER;

    private final Hub hub;
    private final HubBroadcaster broadcaster;
    private final NativePublish publishing;

    /** @param broadcaster the hub's {@code SseBroadcaster}, with its extension for topics and resume */
    public EventsResource(Hub hub, HubBroadcaster broadcaster) {
        this.hub = hub;
        this.broadcaster = broadcaster;
        this.publishing = new NativePublish(hub);
    }

    /**
     * Streams events of the given topics (every topic when none is given), resuming after
     * {@code Last-Event-ID} (header, or {@code lastEventId} query parameter for clients that cannot set
     * headers) when one is sent.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("topic") List<String> topics,
                       @HeaderParam(LAST_EVENT_ID) String lastEventIdHeader,
                       @QueryParam("lastEventId") String lastEventIdQuery,
                       @Context ContainerRequestContext request,
                       @Context SseEventSink sink) {
        Subscription subscription = Subscription.of(topics, lastEventId(lastEventIdHeader, lastEventIdQuery));
        Caller caller = Caller.of(request);
        caller.grants().requireSubscribe(subscription.topics());
        // The stream ends no later than the token it was opened with.
        broadcaster.register(sink, new StreamRequest(subscription, caller.expiresAt(),
                Optional.of(ClientAddress.of(request)), StreamTerms.StreamEnd.IGNORED));
    }

    /**
     * Answers HEAD with the stream's headers and no stream. Without it Jersey would run the GET method
     * for a HEAD request and register a subscriber that can never be written to.
     */
    @HEAD
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Response probe() {
        hub.requireRunning();
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    /** Publishes one event; answers 201 with the id the log gave it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@Context ContainerRequestContext request) throws IOException {
        // The body and its length are read from the request, and the answer is bytes: entity and header
        // parameters and a Jackson-written entity each cost a publish a share of its CPU in Jersey's lookups.
        byte[] json = BoundedBody.readDeclared(request, hub.config().maxDataBytes());
        return created(publishing.publish(publishing.check(json, Caller.of(request))));
    }

    /**
     * Publishes a batch: a JSON array of events, each as {@link #publish} takes, all or none; answers 201 with
     * their ids in the batch's order.
     */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publishBatch(@Context ContainerRequestContext request) throws IOException {
        byte[] json = BoundedBody.readDeclared(request, hub.config().limits().batchMaxBytes());
        return created(publishing.publish(publishing.checkBatch(json, Caller.of(request))));
    }

    private static Response created(byte[] answer) {
        return Response.status(Response.Status.CREATED).entity(answer).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The header wins over the query parameter; an empty one means "not resuming", as a browser sends
     * before it has seen an id. A refusal names whichever the client actually sent.
     */
    private static Optional<String> lastEventId(String header, String query) {
        boolean fromHeader = header != null && !header.isEmpty();
        String id = fromHeader ? header : query;
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        EventRules.requireSingleLine(fromHeader ? LAST_EVENT_ID : "lastEventId", id);
        return Optional.of(id);
    }

}
