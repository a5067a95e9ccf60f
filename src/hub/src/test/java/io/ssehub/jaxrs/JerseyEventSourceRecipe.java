package io.ssehub.jaxrs;

import io.ssehub.event.payload.Notification;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.jersey.jackson.JacksonFeature;

/**
 * The README's lines for consuming the hub with Jersey's own {@link SseEventSource}, as they are written
 * there (section "Jersey's SseEventSource"), so that a test runs them: a loop around the source, which ends
 * for good after one refused reconnect; empty events (comments, bare retry hints, keep-alives) skipped;
 * JSON read with a JSON provider registered; the resume point carried in the query, since the source's
 * first connect cannot send {@code Last-Event-ID}.
 */
final class JerseyEventSourceRecipe implements Runnable {

    private final String hub;
    private final Consumer<Notification> onNotification;
    private final Runnable onReset;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile SseEventSource current;
    /** Sources opened so far: more than one means the loop outlived a source that ended for good. */
    private final java.util.concurrent.atomic.AtomicInteger sourcesOpened = new java.util.concurrent.atomic.AtomicInteger();

    JerseyEventSourceRecipe(String hub, Consumer<Notification> onNotification, Runnable onReset) {
        this.hub = hub;
        this.onNotification = onNotification;
        this.onReset = onReset;
    }

    // --- from the README ---
    @Override
    public void run() {
        Client client = ClientBuilder.newClient().register(JacksonFeature.class);  // for readData(..., JSON)
        String lastEventId = null;
        try {
            do {
                WebTarget events = client.target(hub).path("events").queryParam("topic", "news");
                if (lastEventId != null) {
                    events = events.queryParam("lastEventId", lastEventId);    // resume where we were
                }
                CountDownLatch ended = new CountDownLatch(1);
                String[] last = {lastEventId};
                try (SseEventSource source = SseEventSource.target(events)
                        .reconnectingEvery(3_000, TimeUnit.MILLISECONDS).build()) { // milliseconds: jersey#3663
                    source.register(event -> {
                        if (event.isEmpty()) {
                            return;                // a comment, a bare retry hint or a keep-alive: not an event
                        }
                        handle(event);
                        last[0] = event.getId();
                    }, failure -> { }, ended::countDown);      // the source has ended for good
                    current = source;
                    sourcesOpened.incrementAndGet();
                    source.open();
                    ended.await();
                }
                lastEventId = last[0];
            } while (!stopped.await(1, TimeUnit.SECONDS));     // a second, then a new source from where we were
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private void handle(InboundSseEvent event) {
        switch (event.getName()) {
            case "notification" -> onNotification.accept(event.readData(Notification.class, MediaType.APPLICATION_JSON_TYPE));
            case "reset" -> onReset.run();                    // the hub could not resume: reload everything
            default -> { }
        }
    }
    // --- end of the README's lines ---

    int sourcesOpened() {
        return sourcesOpened.get();
    }

    void stop() {
        stopped.countDown();
        SseEventSource source = current;
        if (source != null) {
            source.close();
        }
    }
}
