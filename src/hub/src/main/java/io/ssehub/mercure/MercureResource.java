package io.ssehub.mercure;

import io.ssehub.core.Hub;
import io.ssehub.core.StreamRequest;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventRules;
import io.ssehub.eventlog.EventLog;
import io.ssehub.fanout.StreamTerms;
import io.ssehub.fanout.Subscription;
import io.ssehub.jaxrs.HubBroadcaster;
import io.ssehub.refusal.Refusal;
import io.ssehub.security.BoundedBody;
import io.ssehub.security.ClientAddress;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /.well-known/mercure}: the Mercure protocol (spec of the 0.x hub line) on the hub's own log and
 * fan-out. Subscribe with GET (an event stream of the updates whose topics match the {@code topic}
 * selectors), publish with a form POST. It judges the token ({@link MercureAccess}), then calls the hub, as
 * the native API does; every event has one id, so the two see each other's events under the same ids.
 */
@Path(".well-known/mercure")
public final class MercureResource {

    /** The request property {@link LastEventIdHeader} reads: what the response's Last-Event-ID says. */
    static final String RESPONSE_LAST_EVENT_ID = MercureResource.class.getName() + ".lastEventId";
    /**
     * Where a client may name the last event it saw, strongest first: the header (a reconnecting
     * EventSource), the spec's {@code lastEventID}, the older {@code Last-Event-ID} parameter (Symfony's Twig
     * helper) and the 1.0 draft's {@code last_event_id}.
     */
    private static final List<String> LAST_EVENT_ID_PARAMETERS = List.of("lastEventID", "Last-Event-ID", "last_event_id");
    /** The spec's query parameter for a token: refused, as URLs end up in logs (the spec lets hubs refuse it). */
    private static final String TOKEN_PARAMETER = "authorization";

    private final Hub hub;
    private final HubBroadcaster broadcaster;
    private final MercureAccess access;
    /** Present when active subscriptions are kept and told ({@code mercure.subscriptions}). */
    private final Optional<ActiveSubscriptions> activeSubscriptions;

    MercureResource(Hub hub, HubBroadcaster broadcaster, MercureAccess access,
                    Optional<ActiveSubscriptions> activeSubscriptions) {
        this.hub = hub;
        this.broadcaster = broadcaster;
        this.access = access;
        this.activeSubscriptions = activeSubscriptions;
    }

    /**
     * Streams the updates of the topics the {@code topic} (and {@code match}) parameters select, after the last event id when one
     * is sent. The stream is registered before the answer's head is written, and its first bytes (a retry hint
     * and a comment) go out at once.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                          @Context ContainerRequestContext request, @Context SseEventSink sink) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        refuseTokenInQuery(query);
        SelectorParameters parameters = SelectorParameters.of(query);
        List<String> topics = parameters.texts();
        MercureCaller caller = access.subscriber(request);
        Optional<String> lastEventId = lastEventId(lastEventIdHeader, query);
        lastEventId.ifPresent(id -> request.setProperty(RESPONSE_LAST_EVENT_ID, responseLastEventId(id)));
        TopicSelectors selectors = parameters.selectors();
        if (selectors.cost() > MercureLimits.MAX_SELECTOR_COST) {
            throw Refusal.invalidField("topic", "selectors are too complex together: their URI templates may hold "
                    + "at most " + MercureLimits.MAX_SELECTOR_COST + " pattern instructions, these hold "
                    + selectors.cost());
        }
        MercureFilter filter = new MercureFilter(selectors, caller.claims().subscribe(), Set.copyOf(topics));
        StreamTerms.StreamEnd onEnded = StreamTerms.StreamEnd.IGNORED;
        Runnable refused = () -> { };
        if (activeSubscriptions.isPresent()) {
            // Started before the stream is registered, so its end, told at the earliest once it is, comes after.
            ActiveSubscriptions active = activeSubscriptions.get();
            String subscriber = active.started(topics, caller.claims().payload());
            onEnded = (failure, outputClosed) -> active.ended(subscriber);
            refused = () -> active.ended(subscriber);
        }
        try {
            broadcaster.register(sink, new StreamRequest(Subscription.filtered(filter, lastEventId),
                    caller.expiresAt(), Optional.of(ClientAddress.of(request)), onEnded));
        } catch (RuntimeException e) {
            refused.run();
            throw e;
        }
    }

    /** The stream's headers and no stream: without it Jersey would run the GET method for HEAD. */
    @HEAD
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Response probe() {
        hub.requireRunning();
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    /** Publishes one update; answers 200 with its id as plain text. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Response publish(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                            @Context ContainerRequestContext request) throws IOException {
        refuseTokenInQuery(request.getUriInfo().getQueryParameters());
        MercureCaller caller = access.publisher(request);
        EventDraft draft = UpdateForm.parse(BoundedBody.readDeclared(body, length, request, hub.config().maxDataBytes()));
        // Every topic, canonical and alternates, must be granted (spec, "Publishers").
        TopicSelectors publish = caller.claims().publish();
        if (!publish.matches(draft.topic()) || !draft.alternates().stream().allMatch(publish::matches)) {
            throw Refusal.forbidden("this token may not publish to every topic of this update; it may publish to "
                    + (publish.isEmpty() ? "no topic" : publish.toString()));
        }
        Event event = hub.publish(draft, caller.publisherKey());
        return Response.ok(event.id().text(), MediaType.TEXT_PLAIN_TYPE).build();
    }

    static void refuseTokenInQuery(MultivaluedMap<String, String> query) {
        if (query.containsKey(TOKEN_PARAMETER)) {
            throw Refusal.tokenInQuery(TOKEN_PARAMETER);
        }
    }

    /** The header wins; an empty value means "not resuming", as a browser sends before it has seen an id. */
    private static Optional<String> lastEventId(String header, MultivaluedMap<String, String> query) {
        if (header != null && !header.isEmpty()) {
            EventRules.requireSingleLine(HttpHeaders.LAST_EVENT_ID_HEADER, header);
            return Optional.of(header);
        }
        for (String parameter : LAST_EVENT_ID_PARAMETERS) {
            String id = query.getFirst(parameter);
            if (id != null && !id.isEmpty()) {
                EventRules.requireSingleLine(parameter, id);
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * The id of the event before the first one the stream is sent (spec, "Reconciliation"): the one asked for
     * when the log continues after it, else {@code earliest} (asked for, unknown, or no longer held: the
     * stream then starts with the oldest event held).
     */
    private String responseLastEventId(String requested) {
        return hub.continuesAfter(requested) ? requested : EventLog.EARLIEST;
    }
}
