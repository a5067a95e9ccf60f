package io.ssehub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Benchmark peer, not a test: the textbook Jersey SSE server, i.e. a singleton resource holding the
 * broadcaster from {@link Sse#newBroadcaster()}, on the same embedded Grizzly as the hub. It implements
 * the bench's server contract (see {@code bench/run}) and nothing else, with no tuning:
 * {@code GET /events} registers the sink, {@code POST /events} broadcasts the JSON body's {@code data},
 * a comment goes to every stream each 15 s, {@code GET /health} answers "ok".
 *
 * <p>Run: {@code PORT=8080 java -cp target/test-classes:<dependency class path> io.ssehub.bench.TextbookJerseyHub}.
 */
public final class TextbookJerseyHub {

    private TextbookJerseyHub() {
    }

    public static void main(String[] args) throws Exception {
        String port = System.getenv("PORT");
        if (port == null || port.isBlank()) {
            System.err.println("PORT is required");
            System.exit(2);
        }
        ResourceConfig config = new ResourceConfig(Events.class, NoCache.class);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "shutdown"));
        System.err.println("textbook Jersey hub on http://127.0.0.1:" + port + "/");
        Thread.currentThread().join();
    }

    /** The resource: one instance, one broadcaster. */
    @Singleton
    @Path("/")
    public static final class Events {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final Sse sse;
        private final SseBroadcaster broadcaster;
        private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
        private long nextId;

        public Events(@Context Sse sse) {
            this.sse = sse;
            this.broadcaster = sse.newBroadcaster();
            keepAlive.scheduleAtFixedRate(
                    () -> broadcaster.broadcast(sse.newEventBuilder().comment("keep-alive").build()),
                    15, 15, TimeUnit.SECONDS);
        }

        @GET
        @Path("events")
        @Produces(MediaType.SERVER_SENT_EVENTS)
        public void subscribe(@Context SseEventSink sink) {
            broadcaster.register(sink);
        }

        @POST
        @Path("events")
        @Consumes(MediaType.APPLICATION_JSON)
        public Response publish(String body) throws IOException {
            JsonNode data = JSON.readTree(body).path("data");
            String text = data.isTextual() ? data.asText() : data.toString();
            // Publishers may post concurrently; ids must reach every stream in increasing order.
            synchronized (this) {
                broadcaster.broadcast(sse.newEventBuilder()
                        .id(Long.toString(++nextId))
                        .name("bench")
                        .data(String.class, text)
                        .build());
            }
            return Response.status(Response.Status.CREATED).build();
        }

        @GET
        @Path("health")
        @Produces(MediaType.TEXT_PLAIN)
        public String health() {
            return "ok\n";
        }
    }

    /** The contract's {@code Cache-Control: no-cache} on the streams; Jersey does not add it. */
    public static final class NoCache implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(response.getMediaType())) {
                response.getHeaders().putSingle("Cache-Control", "no-cache");
            }
        }
    }
}
