package io.ssehub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Streams that come and go while events flow, as a server runs the hub: many short streams (open, two
 * events, leave) and long ones joining while events are published. Every stream must be answered, must
 * show it is alive after its greeting, and must receive every event whose publish began after its
 * greeting arrived (matched by id), in order, once. Each runtime runs it on its own server.
 */
public abstract class StreamChurnContract extends ServerContract {

    /** Settings by name, without a prefix: a keep-alive every 200 ms, so a live stream is never quiet long. */
    protected static final Map<String, String> SETTINGS = Map.of(
            "heartbeat.interval", "200ms",
            "tick.interval", "0",
            "retry", "500ms",
            "streams.max", "100000",
            "streams.max.per.address", "100000",
            "publish.rate", "100000",
            "publish.burst", "100000");

    private static final String TOPIC = "churn";
    private static final int SHORT_STREAMS = 5_000;
    private static final int SHORT_CONCURRENCY = 32;
    /** Events a short stream waits for before it leaves. */
    private static final int SHORT_STREAM_EVENTS = 2;
    private static final int LONG_STREAMS = 200;
    /** One long stream joins this often, so all join while events are being published. */
    private static final Duration LONG_STREAM_SPACING = Duration.ofMillis(40);
    /** 20 events a second. */
    private static final Duration PUBLISH_PERIOD = Duration.ofMillis(50);
    /**
     * How long a stream may show nothing at all: 25 keep-alive intervals. A stream quiet that long after
     * its greeting is silent, not slow.
     */
    private static final Duration SILENCE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    Map<String, String> settings() {
        return SETTINGS;
    }

    /** One publish: its order, the id the hub gave it, when it was sent and when it was answered. */
    private record Published(int index, String id, long sentNanos, long answeredNanos) {
    }

    /** What one stream saw. */
    private static final class Watched {
        final boolean longLived;
        int status;
        /** When the greeting arrived; 0 if it never did. */
        long greetedNanos;
        long endedNanos;
        final List<String> ids = new ArrayList<>();
        /** Blocks after the greeting: events, keep-alives, anything. */
        int blocksAfterGreeting;
        boolean quietTooLong;
        String failure;

        Watched(boolean longLived) {
            this.longLived = longLived;
        }
    }

    @Test
    void everyStreamOpenedWhileEventsFlowIsAnsweredAndReceivesEveryEventPublishedAfterIt() throws Exception {
        List<Published> published = new CopyOnWriteArrayList<>();
        Queue<String> unansweredPublishes = new ConcurrentLinkedQueue<>();
        Queue<Watched> streams = new ConcurrentLinkedQueue<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        ExecutorService shortReaders = Executors.newFixedThreadPool(SHORT_CONCURRENCY);
        ScheduledExecutorService longReaders = Executors.newScheduledThreadPool(LONG_STREAMS);
        long began = System.nanoTime();
        try {
            AtomicInteger next = new AtomicInteger();
            publisher.scheduleAtFixedRate(() -> publish(http, next.getAndIncrement(), published, unansweredPublishes),
                    0, PUBLISH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            CountDownLatch longOnesJoined = new CountDownLatch(LONG_STREAMS);
            List<Future<?>> longOnes = new ArrayList<>();
            for (int i = 0; i < LONG_STREAMS; i++) {
                Watched watched = new Watched(true);
                streams.add(watched);
                longOnes.add(longReaders.schedule(() -> watch(watched, longOnesJoined::countDown),
                        i * LONG_STREAM_SPACING.toMillis(), TimeUnit.MILLISECONDS));
            }
            List<Future<?>> shortOnes = new ArrayList<>();
            for (int i = 0; i < SHORT_STREAMS; i++) {
                Watched watched = new Watched(false);
                streams.add(watched);
                shortOnes.add(shortReaders.submit(() -> watch(watched, () -> { })));
            }
            for (Future<?> done : shortOnes) {
                done.get(5, TimeUnit.MINUTES);
            }
            // Every long stream has joined while events were published: stop publishing, and each long stream
            // reads up to the last event published.
            assertTrue(longOnesJoined.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the long streams joined");
            publisher.shutdown();
            assertTrue(publisher.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS), "the publisher stopped");
            lastPublished = published.isEmpty() ? "" : published.get(published.size() - 1).id();
            for (Future<?> done : longOnes) {
                done.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            }
        } finally {
            publisher.shutdownNow();
            shortReaders.shutdownNow();
            longReaders.shutdownNow();
        }
        report(published, unansweredPublishes, List.copyOf(streams), Duration.ofNanos(System.nanoTime() - began));
    }

    /** The id long streams read up to before they leave; null while events are still being published. */
    private volatile String lastPublished;

    private void publish(HttpClient http, int index, List<Published> published, Queue<String> unanswered) {
        HttpRequest request = HttpRequest.newBuilder(base().resolve("events"))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"topic\":\"" + TOPIC + "\",\"type\":\"churn\",\"data\":{\"n\":" + index + "}}"))
                .build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                unanswered.add("publish " + index + " answered " + response.statusCode() + ": " + response.body());
                return;
            }
            published.add(new Published(index, JSON.readTree(response.body()).get("id").asText(), sent, System.nanoTime()));
        } catch (IOException e) {
            unanswered.add("publish " + index + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads one stream: a short one until it has two events, a long one up to the last event published.
     * {@code joined} is told once the stream's greeting arrived or the stream failed before it.
     */
    private void watch(Watched watched, Runnable joined) {
        String path = base().getRawPath() + "events?topic=" + TOPIC;
        try (RawEventStream stream = RawEventStream.open(base(), path, WAIT)) {
            watched.status = stream.status();
            if (watched.status != 200) {
                watched.failure = "answered " + watched.status;
                return;
            }
            List<String> greeting = stream.next(WAIT);
            if (greeting == null || greeting.stream().noneMatch(line -> line.startsWith("retry: "))) {
                watched.failure = "no greeting: " + greeting;
                return;
            }
            watched.greetedNanos = System.nanoTime();
            joined.run();
            while (true) {
                List<String> block = stream.next(SILENCE);
                if (block == null) {
                    watched.failure = "the server ended the stream";
                    return;
                }
                watched.blocksAfterGreeting++;
                block.stream().filter(line -> line.startsWith("id: ")).findFirst()
                        .ifPresent(line -> watched.ids.add(line.substring(4)));
                if (watched.longLived
                        ? lastPublished != null && watched.ids.contains(lastPublished)
                        : watched.ids.size() >= SHORT_STREAM_EVENTS) {
                    return;
                }
            }
        } catch (RawEventStream.NoResponse e) {
            watched.failure = "unanswered: " + e.getMessage();
        } catch (SocketTimeoutException e) {
            watched.quietTooLong = true;
        } catch (IOException e) {
            watched.failure = e.toString();
        } finally {
            watched.endedNanos = System.nanoTime();
            if (watched.greetedNanos == 0) {
                joined.run();
            }
        }
    }

    private void report(List<Published> published, Queue<String> unansweredPublishes, List<Watched> streams,
                        Duration took) {
        Map<String, Integer> indexOf = new HashMap<>();
        published.forEach(event -> indexOf.put(event.id(), event.index()));
        int unanswered = 0;
        int silent = 0;
        int incomplete = 0;
        List<String> examples = new ArrayList<>();
        for (Watched stream : streams) {
            if (stream.failure != null) {
                if (stream.failure.startsWith("unanswered")) {
                    unanswered++;
                }
                example(examples, (stream.longLived ? "long" : "short") + " stream: " + stream.failure);
                continue;
            }
            if (stream.quietTooLong && stream.blocksAfterGreeting == 0) {
                silent++;
                example(examples, (stream.longLived ? "long" : "short") + " stream silent after its greeting");
                continue;
            }
            List<Integer> received = stream.ids.stream().map(id -> indexOf.getOrDefault(id, -1)).toList();
            int newest = received.stream().mapToInt(Integer::intValue).max().orElse(-1);
            List<Integer> expected = published.stream()
                    .filter(event -> event.sentNanos() > stream.greetedNanos)
                    // every event up to the newest it saw, and, if it timed out, every one answered well before
                    .filter(event -> event.index() <= newest
                            || stream.quietTooLong && event.answeredNanos() < stream.endedNanos - SILENCE.toNanos() / 2)
                    .map(Published::index).toList();
            Set<Integer> expectedSet = new HashSet<>(expected);
            List<Integer> inOrder = received.stream().filter(expectedSet::contains).toList();
            if (!inOrder.equals(expected) || received.contains(-1) || received.stream().distinct().count() != received.size()) {
                incomplete++;
                example(examples, (stream.longLived ? "long" : "short") + " stream expected " + expected
                        + ", received " + received);
            }
        }
        long failed = streams.stream().filter(stream -> stream.failure != null).count();
        String summary = String.format("%d streams (%d long) in %d ms, %d events published: %d failed (%d unanswered),"
                        + " %d silent after the greeting, %d missing events; publishes unanswered: %s; examples: %s",
                streams.size(), streams.stream().filter(stream -> stream.longLived).count(), took.toMillis(),
                published.size(), failed, unanswered, silent, incomplete, unansweredPublishes,
                examples.stream().collect(Collectors.joining("\n  ", "\n  ", "")));
        System.out.println(getClass().getSimpleName() + ": " + summary);
        assertEquals(SHORT_STREAMS + LONG_STREAMS, streams.size(), summary);
        assertTrue(published.size() >= 100, "events flowed: " + summary);
        assertEquals(List.of(), List.copyOf(unansweredPublishes), summary);
        assertEquals(0, failed, summary);
        assertEquals(0, silent, summary);
        assertEquals(0, incomplete, summary);
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
    }
}
