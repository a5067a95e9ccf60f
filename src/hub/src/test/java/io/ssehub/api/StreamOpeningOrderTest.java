package io.ssehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.core.Hub;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.testing.TestHub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order a stream opens in is fixed: the retry hint and greeting, then {@code reset} if the hub cannot
 * continue from the client's id, then the replay, then live events. A client that clears its state on
 * {@code reset} would otherwise throw away events it has just received. Checked on 10,000 connects made
 * while events are published without pause, a quarter of each kind: fresh, resuming from a recent id,
 * resuming from an id the log never gave, and from an id of an earlier run.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StreamOpeningOrderTest {

    private static final int CONNECTS = 10_000;
    private static final int CLIENTS = 8;
    private static final int EVENTS_READ = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private enum Kind { FRESH, RESUMING, UNKNOWN_ID, EARLIER_RUN }

    /** One SSE block as received: its field lines and comment lines, in order. */
    private record Block(List<String> lines) {
        boolean isRetryHint() {
            return lines.stream().anyMatch(line -> line.startsWith("retry:")) && !isEvent();
        }

        boolean isEvent() {
            return lines.stream().anyMatch(line -> line.startsWith("data:"));
        }

        Optional<String> field(String name) {
            return lines.stream().filter(line -> line.startsWith(name + ": ")).map(line -> line.substring(name.length() + 2))
                    .findFirst();
        }

        long sequence() {
            String id = field("id").orElseThrow(() -> new AssertionError("an event without an id: " + lines));
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        }
    }

    /** Half the connects offer an upgrade to HTTP/2, as the JDK's client does by default; the hub declines. */
    private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient offeringHttp2 = HttpClient.newHttpClient();

    @Test
    void retryHintAndGreetingThenResetThenReplayThenLiveInEveryConnect() throws Exception {
        try (TestHub hub = TestHub.start(Map.of("log.capacity", "200", "streams.max.per.address", "1000"))) {
            Hub core = hub.embedded().hub();
            AtomicReference<Event> newest = new AtomicReference<>(core.publish(draft()));
            // About a thousand events a second, all the while streams open.
            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            publisher.scheduleAtFixedRate(() -> newest.set(core.publish(draft())), 1, 1, TimeUnit.MILLISECONDS);
            String run = newest.get().id().text().substring(0, newest.get().id().text().lastIndexOf('-'));
            ConcurrentLinkedQueue<String> disorders = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    work.add(clients.submit(() -> {
                        for (int i = client; i < CONNECTS; i += CLIENTS) {
                            Kind kind = Kind.values()[i % Kind.values().length];
                            Event recent = newest.get();
                            String lastEventId = switch (kind) {
                                case FRESH -> null;
                                case RESUMING -> run + "-" + Math.max(1, recent.id().position() - 5);
                                case UNKNOWN_ID -> run + "-" + (recent.id().position() + 1_000_000);
                                case EARLIER_RUN -> "earlierrun-7";
                            };
                            // Every other connect asks for every topic, and every fourth pair resumes through the query.
                            boolean everyTopic = (i / 4) % 2 == 0;
                            boolean inQuery = lastEventId != null && (i / 8) % 2 == 0;
                            String query = (everyTopic ? "" : "topic=t&")
                                    + (inQuery ? "lastEventId=" + lastEventId : "");
                            checkOpening(hub.uri("events?" + query), kind, inQuery ? null : lastEventId,
                                    (i / 16) % 2 == 0 ? http11 : offeringHttp2).ifPresent(disorders::add);
                        }
                        return null;
                    }));
                }
                for (Future<?> done : work) {
                    done.get(200, TimeUnit.SECONDS);
                }
            } finally {
                publisher.shutdownNow();
                clients.shutdownNow();
            }

            assertEquals(List.of(), List.copyOf(disorders).subList(0, Math.min(10, disorders.size())),
                    disorders.size() + " of " + CONNECTS + " connects opened out of order");
        }
    }

    private static EventDraft draft() {
        return new EventDraft("t", "tick", "{}", Optional.empty());
    }

    /** Opens one stream and reads its opening; a description of what came out of order, if anything did. */
    private Optional<String> checkOpening(URI uri, Kind kind, String lastEventId, HttpClient http)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(WAIT);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                return Optional.of(kind + " " + uri + ": status " + response.statusCode());
            }
            List<Block> blocks = new ArrayList<>();
            int events = 0;
            while (events < EVENTS_READ + (kind == Kind.FRESH || kind == Kind.RESUMING ? 0 : 1)) {
                Block block = nextBlock(body);
                if (block == null && endedForOverrun(blocks)) {
                    // A hub that falls more than the log's capacity behind (a loaded machine stalls it for a
                    // fraction of a second) cuts every stream, as it must: what came before the cut still has
                    // to be in order.
                    return disorder(kind, blocks.subList(0, blocks.size() - 1));
                }
                if (block == null) {
                    return Optional.of(kind + ": the stream ended after " + blocks);
                }
                blocks.add(block);
                if (block.isEvent()) {
                    events++;
                }
            }
            return disorder(kind, blocks);
        }
    }

    private static boolean endedForOverrun(List<Block> blocks) {
        return !blocks.isEmpty() && blocks.get(blocks.size() - 1).field("event").equals(Optional.of("error"))
                && blocks.get(blocks.size() - 1).field("data").orElse("").contains("\"log-overrun\"");
    }

    private static Optional<String> disorder(Kind kind, List<Block> blocks) {
        if (blocks.isEmpty() || !blocks.get(0).isRetryHint()) {
            return Optional.of(kind + ": the first block is not the retry hint: " + blocks);
        }
        List<Block> events = blocks.stream().filter(Block::isEvent).toList();
        // A resuming stream whose id left the log before the stream opened (a loaded machine delays the open
        // past the log's capacity) is rightly told so: its reset, too, must come first. So is a fresh one,
        // which starts after the newest id when it is asked for, and whose open can be delayed as long.
        boolean resetExpected = kind == Kind.UNKNOWN_ID || kind == Kind.EARLIER_RUN
                || (kind == Kind.RESUMING || kind == Kind.FRESH)
                && !events.isEmpty() && events.get(0).field("data").orElse("").contains("\"evicted\"");
        int firstLogEvent = 0;
        if (resetExpected && !events.isEmpty()) {
            if (!events.get(0).field("event").equals(Optional.of("reset"))) {
                return Optional.of(kind + ": an event came before the reset: " + blocks);
            }
            firstLogEvent = 1;
        }
        long previous = Long.MIN_VALUE;
        for (Block event : events.subList(firstLogEvent, events.size())) {
            if (event.field("event").equals(Optional.of("reset"))) {
                return Optional.of(kind + ": a reset after events: " + blocks);
            }
            long sequence = event.sequence();
            if (sequence <= previous) {
                return Optional.of(kind + ": ids out of order: " + blocks);
            }
            previous = sequence;
        }
        return Optional.empty();
    }

    /** The next block, or null at the end of the stream. */
    private static Block nextBlock(BufferedReader body) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = body.readLine()) != null) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return new Block(lines);
                }
                continue;
            }
            lines.add(line);
        }
        return null;
    }
}
