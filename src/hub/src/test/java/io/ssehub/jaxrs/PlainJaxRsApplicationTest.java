package io.ssehub.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.config.HubConfig;
import io.ssehub.event.Event;
import io.ssehub.testing.JerseySubscriber;
import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Jersey application written against the plain JAX-RS SSE API only ({@link ChatResource}: it injects
 * {@code Sse} and {@code SseBroadcaster}, registers every sink and broadcasts {@code OutboundSseEvent}s),
 * switched to the hub by one line ({@code register(SsehubFeature.inMemory(config))}, which makes the injected
 * broadcaster the hub's), served by plain Jersey on Grizzly. It gets what Jersey's own broadcaster does not
 * give (jersey#4551): ids from the log, one order under concurrent broadcasters, resume after
 * {@code Last-Event-ID}, and a slow client that delays nobody.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PlainJaxRsApplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The application's own resource: nothing in it knows of the hub. */
    @Path("chat")
    @Singleton
    public static class ChatResource {

        @Context
        private Sse sse;
        @Inject
        private SseBroadcaster broadcaster;

        @GET
        @Produces(MediaType.SERVER_SENT_EVENTS)
        public void listen(@Context SseEventSink sink) {
            broadcaster.register(sink);
        }

        @POST
        @Consumes(MediaType.TEXT_PLAIN)
        public void say(String text) {
            broadcaster.broadcast(sse.newEventBuilder().name("message").data(text).build());
        }

        /** For the test: what a broadcast completes with. */
        CompletableFuture<?> sayDirectly(String text) {
            return broadcaster.broadcast(sse.newEventBuilder().name("message").data(text).build()).toCompletableFuture();
        }
    }

    private final SsehubFeature hub = SsehubFeature.inMemory(HubConfig.from(Map.of(
            "tick.interval", "0", "write.timeout", "2s", "heartbeat.interval", "500ms")));
    private final ChatResource resource = new ChatResource();
    private final HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
            new ResourceConfig().register(resource).register(hub));
    private final URI base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
    private final URI chat = base.resolve("chat");

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void everyBroadcastGetsItsIdFromTheLogAndSubscribersSeeThatId() throws Exception {
        try (JerseySubscriber subscriber = new JerseySubscriber(chat).awaitConnected(WAIT)) {
            Event first = (Event) resource.sayDirectly("one").get(10, TimeUnit.SECONDS);
            Event second = (Event) resource.sayDirectly("two").get(10, TimeUnit.SECONDS);

            List<JerseySubscriber.Received> received = subscriber.next(2, WAIT);

            assertEquals(List.of(first.id().text(), second.id().text()),
                    received.stream().map(JerseySubscriber.Received::id).toList());
            assertEquals(List.of("one", "two"), received.stream().map(JerseySubscriber.Received::data).toList());
            assertEquals("message", received.get(0).name());
            assertTrue(first.id().position() < second.id().position(), "ids follow the log's order");
        }
    }

    @Test
    void concurrentBroadcastersMakeOneOrderThatEverySubscriberSees() throws Exception {
        int perBroadcaster = 300;
        try (JerseySubscriber a = new JerseySubscriber(chat).awaitConnected(WAIT);
             JerseySubscriber b = new JerseySubscriber(chat).awaitConnected(WAIT)) {
            ExecutorService broadcasters = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (String who : List.of("left", "right")) {
                    runs.add(broadcasters.submit(() -> {
                        for (int i = 0; i < perBroadcaster; i++) {
                            resource.say(who + "-" + i);
                        }
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(30, TimeUnit.SECONDS);
                }
            } finally {
                broadcasters.shutdownNow();
            }

            List<JerseySubscriber.Received> seenByA = a.next(2 * perBroadcaster, WAIT);
            List<JerseySubscriber.Received> seenByB = b.next(2 * perBroadcaster, WAIT);

            assertEquals(seenByA.stream().map(JerseySubscriber.Received::id).toList(),
                    seenByB.stream().map(JerseySubscriber.Received::id).toList(), "one order, the same for both");
            assertEquals(seenByA.stream().map(JerseySubscriber.Received::data).toList(),
                    seenByB.stream().map(JerseySubscriber.Received::data).toList());
            for (String who : List.of("left", "right")) {
                List<String> own = seenByA.stream().map(JerseySubscriber.Received::data)
                        .filter(data -> data.startsWith(who + "-")).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perBroadcaster; i++) {
                    expected.add(who + "-" + i);
                }
                assertEquals(expected, own, who + "'s events, each once, in the order it broadcast them");
            }
        }
    }

    @Test
    void aClientThatComesBackWithLastEventIdGetsWhatItMissedFirst() throws Exception {
        String lastSeen;
        try (SseStream stream = SseStream.open(chat)) {
            resource.say("before");
            SseStream.Block before = stream.nextEvent(WAIT);
            assertEquals("before", before.data());
            lastSeen = before.id();
        }
        resource.say("missed 1");
        resource.say("missed 2");

        try (SseStream resumed = SseStream.open(chat, Map.of(HttpHeaders.LAST_EVENT_ID_HEADER, lastSeen))) {
            resource.say("live");

            assertEquals("missed 1", resumed.nextEvent(WAIT).data());
            assertEquals("missed 2", resumed.nextEvent(WAIT).data());
            assertEquals("live", resumed.nextEvent(WAIT).data());
        }
    }

    @Test
    void aClientThatStopsReadingDelaysNeitherTheBroadcasterNorTheOtherClients() throws Exception {
        // 800 KiB in all: more than a stalled connection's buffers take, less than a reader's queue holds.
        String big = "x".repeat(4 * 1024);
        try (RawClient stalled = RawClient.get(base, "/chat");
             JerseySubscriber reader = new JerseySubscriber(chat).awaitConnected(WAIT)) {
            assertNotNull(stalled);
            long started = System.nanoTime();
            int events = 200;
            for (int i = 0; i < events; i++) {
                resource.sayDirectly(big + i).get(5, TimeUnit.SECONDS);
            }
            Duration broadcasting = Duration.ofNanos(System.nanoTime() - started);

            List<JerseySubscriber.Received> received = reader.next(events, WAIT);

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                expected.add(big + i);
            }
            assertEquals(expected, received.stream().map(JerseySubscriber.Received::data).toList(),
                    "every event, in order, and no notice that the reader was cut");
            // A broadcaster that waited for the client that reads nothing would stall here until the write
            // timeout, at every event.
            assertTrue(broadcasting.compareTo(Duration.ofSeconds(10)) < 0, "broadcasting took " + broadcasting);
        }
    }
}
