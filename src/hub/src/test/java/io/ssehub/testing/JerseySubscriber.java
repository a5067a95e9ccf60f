package io.ssehub.testing;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A subscriber on Jersey's own {@link SseEventSource}: the Java client users consume the hub with. */
public final class JerseySubscriber implements AutoCloseable {

    /** What tests keep of an inbound event (Jersey's object must be read while the callback runs). */
    public record Received(String id, String name, String data, long reconnectDelay, long receivedAtNanos) {
    }

    private final Client client = ClientBuilder.newClient();
    private final SseEventSource source;
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final AtomicInteger receivedCount = new AtomicInteger();
    private final CountDownLatch connected = new CountDownLatch(1);

    public JerseySubscriber(URI events, String... topics) {
        WebTarget target = client.target(events);
        for (String topic : topics) {
            target = target.queryParam("topic", topic);
        }
        // Milliseconds: the unit argument is ignored by Jersey 3.1 (jersey#3663).
        source = SseEventSource.target(target).reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
        source.register(this::accept);
        source.open();
    }

    private void accept(InboundSseEvent event) {
        if (event.isReconnectDelaySet() && event.getName() == null && event.isEmpty()) {
            // The hub's greeting: written after the stream was registered, so events published from now on arrive.
            connected.countDown();
        }
        if (event.isEmpty()) {
            // Jersey hands over data-less blocks (the opening retry hint, keep-alive comments); browsers
            // dispatch no event for them (WHATWG HTML, "dispatch the event"), and neither does this client.
            return;
        }
        long delay = event.isReconnectDelaySet() ? event.getReconnectDelay() : -1;
        events.add(new Received(event.getId(), event.getName(), event.readData(), delay, System.nanoTime()));
        receivedCount.incrementAndGet();
    }

    /** Waits for the hub's opening retry hint: from then on, this subscriber gets every event published. */
    public JerseySubscriber awaitConnected(Duration wait) {
        try {
            if (!connected.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the stream did not open within " + wait);
            }
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** How many events have arrived in all, taken or not. */
    public int receivedCount() {
        return receivedCount.get();
    }

    public Received next(Duration wait) {
        try {
            Received event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + wait);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public List<Received> next(int count, Duration wait) {
        List<Received> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + received.size() + " of " + count + " events within " + wait);
            }
            received.add(next(Duration.ofNanos(left)));
        }
        return received;
    }

    /** What has arrived so far, without waiting. */
    public List<Received> drain() {
        List<Received> received = new ArrayList<>();
        events.drainTo(received);
        return received;
    }

    @Override
    public void close() {
        source.close(1, TimeUnit.SECONDS);
        client.close();
    }
}
