package io.ssehub.eventlog.redis;

import static io.ssehub.eventlog.redis.RedisNodes.WAIT;
import static io.ssehub.eventlog.redis.RedisNodes.epoch;
import static io.ssehub.eventlog.redis.RedisNodes.node;
import static io.ssehub.eventlog.redis.RedisNodes.sequence;
import static io.ssehub.eventlog.redis.RedisNodes.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hub nodes on one real Redis are one hub: one order, one set of ids, resumable on any node; and they
 * behave when Redis restarts empty, hangs or goes away. Each node is a real hub over HTTP on loopback.
 */
@Timeout(120)
class ManyNodesOnRedisIT {

    private static final Pattern CLIENT_NAME = Pattern.compile("name=(ssehub-([a-z0-9]{10})-[a-z]+) ");

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void everySubscriberOnEveryNodeGetsEveryEventOnceInOneOrder() throws Exception {
        try (TestHub a = node(redis, "order", Map.of()); TestHub b = node(redis, "order", Map.of());
             TestHub c = node(redis, "order", Map.of())) {
            List<TestHub> nodes = List.of(a, b, c);
            List<SseStream> everything = new ArrayList<>();
            List<SseStream> topicOne = new ArrayList<>();
            for (TestHub node : nodes) {
                everything.add(subscribe(node, ""));
                topicOne.add(subscribe(node, "?topic=one"));
            }
            // Three publishers racing, one on each node. 10,000 events in all pass too, in about a minute on
            // two cores: more than the build's time for one test; 3,000 race as hard.
            int[] perPublisher = {1_000, 1_000, 1_000};
            Map<String, String> typeById = new ConcurrentHashMap<>();
            ExecutorService publishers = Executors.newFixedThreadPool(nodes.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < nodes.size(); p++) {
                TestHub node = nodes.get(p);
                int publisher = p;
                running.add(publishers.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher[publisher]; i++) {
                        String topic = (i + publisher) % 2 == 0 ? "one" : "two";
                        typeById.put(node.publish(topic, topic, "\"" + publisher + ":" + i + "\""), topic);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> publishing : running) {
                publishing.get(90, TimeUnit.SECONDS);
            }
            publishers.shutdown();
            int total = typeById.size();
            assertEquals(3_000, total, "every publish acknowledged with an id of its own");

            List<String> orderOnA = everything.get(0).nextEvents(total, WAIT).stream().map(SseStream.Block::id).toList();
            assertEquals(typeById.keySet(), new HashSet<>(orderOnA), "every event published, once");
            assertEquals(total, orderOnA.size());
            for (int i = 1; i < orderOnA.size(); i++) {
                assertTrue(sequence(orderOnA.get(i)) > sequence(orderOnA.get(i - 1)), "ids increase: " + orderOnA);
            }
            List<String> expectedTopicOne = orderOnA.stream().filter(id -> typeById.get(id).equals("one")).toList();
            for (int n = 0; n < nodes.size(); n++) {
                if (n > 0) {
                    assertEquals(orderOnA, everything.get(n).nextEvents(total, WAIT).stream().map(SseStream.Block::id)
                            .toList(), "one order on every node");
                }
                assertEquals(expectedTopicOne, topicOne.get(n).nextEvents(expectedTopicOne.size(), WAIT).stream()
                        .map(SseStream.Block::id).toList(), "topic one's events, in the same order");
            }
            everything.forEach(SseStream::close);
            topicOne.forEach(SseStream::close);
        }
    }

    @Test
    void aClientResumesOnTheOtherNodeWithExactlyWhatItMissedWhileAPublisherRunsFlatOut() throws Exception {
        try (TestHub a = node(redis, "resume", Map.of()); TestHub b = node(redis, "resume", Map.of())) {
            AtomicBoolean publishing = new AtomicBoolean(true);
            ExecutorService publisher = Executors.newSingleThreadExecutor();
            Future<Integer> published = publisher.submit(() -> {
                int count = 0;
                while (publishing.get()) {
                    a.publish("resume", "tick", Integer.toString(count++));
                }
                return count;
            });
            List<SseStream.Block> onA;
            try (SseStream first = subscribe(a, "?topic=resume")) {
                onA = first.nextEvents(50, WAIT);
            }
            String lastSeen = onA.get(onA.size() - 1).id();

            List<SseStream.Block> onB;
            try (SseStream resumed = subscribe(b, "?topic=resume", Map.of("Last-Event-ID", lastSeen))) {
                onB = resumed.nextEvents(300, WAIT);
            }
            publishing.set(false);
            assertTrue(published.get(30, TimeUnit.SECONDS) >= 300);
            publisher.shutdown();

            long expected = sequence(lastSeen) + 1;
            for (SseStream.Block event : onB) {
                assertEquals("tick", event.type(), "no reset, only the events: " + event);
                assertEquals(epoch(lastSeen) + "-" + expected++, event.id());
            }
        }
    }

    @Test
    void redisRestartedEmptyCutsEveryStreamAndResumingClientsAreToldOnceThenGoLive() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             TestHub a = node(own, "restart", Map.of()); TestHub b = node(own, "restart", Map.of())) {
            SseStream onA = subscribe(a, "?topic=x");
            SseStream onB = subscribe(b, "?topic=x");
            String before = a.publish("x", "before", "1");
            assertEquals(before, onA.nextEvent(WAIT).id());
            assertEquals(before, onB.nextEvent(WAIT).id());

            own.restart();
            long restarted = System.nanoTime();
            for (SseStream cut : List.of(onA, onB)) {
                List<SseStream.Block> last = cut.untilEnd(Duration.ofSeconds(5));
                assertTrue(last.stream().anyMatch(block -> block.field("retry") != null), "a retry hint: " + last);
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> b.post("{\"topic\":\"x\",\"type\":\"after\",\"data\":1}").statusCode() == 201);
            // Each node learns on its own that Redis is back (its connections reconnect, its tail answers):
            // the first node may still refuse for up to its reconnect delay after the second one published.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> health(a).statusCode() == 200);
            assertTrue(System.nanoTime() - restarted < Duration.ofSeconds(10).toNanos());

            for (TestHub node : List.of(a, b)) {
                try (SseStream resumed = subscribe(node, "?topic=x", Map.of("Last-Event-ID", before))) {
                    SseStream.Block reset = resumed.nextEvent(WAIT);
                    assertEquals("reset", reset.type());
                    assertTrue(reset.data().contains("\"earlier-run\""), reset.data());
                    SseStream.Block replayed = resumed.nextEvent(WAIT);
                    assertEquals("after", replayed.type(), "one reset, then the events");
                    assertNotEquals(epoch(before), epoch(replayed.id()), "a new epoch, no old id reused");
                    long published = System.nanoTime();
                    String live = a.publish("x", "live", "2");
                    // A publish refused while Redis came back may have been stored all the same (its outcome
                    // was unknown), and the first node's live event is in the second one's replay: events,
                    // never another reset.
                    SseStream.Block next = resumed.nextEvent(WAIT);
                    while (!next.id().equals(live)) {
                        assertTrue(List.of("after", "live").contains(next.type()), "one reset, then events: " + next);
                        assertEquals(epoch(replayed.id()), epoch(next.id()));
                        next = resumed.nextEvent(WAIT);
                    }
                    assertTrue(System.nanoTime() - published < Duration.ofSeconds(1).toNanos(), "live within 1 s");
                }
            }
            String metrics = a.send(HttpRequest.newBuilder(a.uri("metrics")).build()).body();
            assertTrue(meter(metrics, "ssehub_eventlog_epoch_changes_total") >= 1, metrics);
            assertTrue(meter(metrics, "ssehub_eventlog_reconnects_total") >= 1, metrics);
            assertTrue(meter(metrics, "ssehub_eventlog_command_seconds_count") > 0, metrics);
            assertTrue(meter(metrics, "ssehub_eventlog_tail_lag") >= 0, metrics);
        }
    }

    /** A meter's value in the Prometheus text {@code /metrics} answers. */
    private static double meter(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertTrue(line.find(), name + " in " + metrics);
        return Double.parseDouble(line.group(1));
    }

    @Test
    void whileRedisHangsOrIsGonePublishesAnswer503AtOnceAndOpenStreamsStayOpen() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             TestHub node = node(own, "away", Map.of("heartbeat.interval", "200ms", "redis.command.timeout", "1s"))) {
            SseStream stream = subscribe(node, "?topic=u");
            try (Socket sleeper = new Socket(InetAddress.getLoopbackAddress(), own.port())) {
                OutputStream out = sleeper.getOutputStream();
                out.write("DEBUG SLEEP 2\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long sent = System.nanoTime();
                HttpResponse<String> refused = node.post("{\"topic\":\"u\",\"type\":\"lost\",\"data\":1}");
                long took = System.nanoTime() - sent;

                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertTrue(took < Duration.ofMillis(1_100).toNanos(), "answered after " + took / 1_000_000 + " ms");
                assertEquals('+', (char) sleeper.getInputStream().read(), "DEBUG SLEEP ended");
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> node.post("{\"topic\":\"u\",\"type\":\"back\",\"data\":1}").statusCode() == 201);
            SseStream.Block back;
            do {
                back = stream.nextEvent(WAIT);
            } while (!back.type().equals("back"));

            own.stop();
            long stopped = System.nanoTime();
            HttpResponse<String> refused = node.post("{\"topic\":\"u\",\"type\":\"lost\",\"data\":1}");
            long took = System.nanoTime() - stopped;
            assertEquals(503, refused.statusCode(), refused.body());
            // Refused, not queued until the command timeout: nothing waits to be sent after a reconnect.
            assertTrue(took < Duration.ofMillis(500).toNanos(), "answered after " + took / 1_000_000 + " ms");
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> health(node).statusCode() == 503);
            assertTrue(health(node).body().contains("\"eventLog\":\"down\""), health(node).body());
            SseStream.Block keepAlive = stream.next(WAIT);
            assertTrue(keepAlive.lines().get(0).startsWith(":"), "still open, kept alive: " + keepAlive);
            stream.close();
        }
    }

    @Test
    void aNodeTakesPublishesAndStreamsAgainWithinASecondOrSoOfRedisComingBackFromALongOutage() {
        try (RedisProcess own = RedisProcess.start();
             TestHub node = node(own, "outage", Map.of("redis.command.timeout", "1s"))) {
            assertEquals(201, node.post("{\"topic\":\"o\",\"type\":\"before\",\"data\":1}").statusCode());
            own.stop();
            // Nine seconds away, every publish refused at once all along: long enough that a reconnect delay
            // left to grow (Lettuce's default doubles up to 30 s) would leave the node refusing for seconds
            // after Redis is back.
            await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long sent = System.nanoTime();
                        int status = node.post("{\"topic\":\"o\",\"type\":\"lost\",\"data\":1}").statusCode();
                        return status == 503 && System.nanoTime() - sent < Duration.ofMillis(1_100).toNanos();
                    });

            own.relaunch();
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> health(node).statusCode() == 200);
            long tookMillis = (System.nanoTime() - back) / 1_000_000;
            // About a second with attempts at most a second apart; several with a delay left to double.
            assertTrue(tookMillis < 3_000, "the node took " + tookMillis + " ms to use Redis again");
            assertEquals(201, node.post("{\"topic\":\"o\",\"type\":\"back\",\"data\":1}").statusCode());
        }
    }

    private static HttpResponse<String> health(TestHub node) {
        return node.send(HttpRequest.newBuilder(node.uri("health")).build());
    }

    @Test
    void eachNodeHoldsTwoNamedConnectionsWhateverItsStreams() throws IOException {
        try (TestHub a = node(redis, "conns", Map.of()); TestHub b = node(redis, "conns", Map.of())) {
            List<SseStream> streams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                streams.add(subscribe(i % 2 == 0 ? a : b, "?topic=t" + (i % 5)));
            }
            a.publish("t1", "m", "1");

            Map<String, List<String>> byNode = new HashMap<>();
            Matcher names = CLIENT_NAME.matcher(redis.inspect().clientList());
            while (names.find()) {
                byNode.computeIfAbsent(names.group(2), node -> new ArrayList<>()).add(names.group(1));
            }
            streams.forEach(SseStream::close);

            // Other tests' nodes are closed: their connections are gone.
            assertEquals(2, byNode.size(), byNode.toString());
            for (List<String> connections : byNode.values()) {
                Collections.sort(connections);
                assertTrue(connections.size() <= 3, connections.toString());
                assertEquals(List.of("commands", "tail"), connections.stream()
                        .map(name -> name.substring(name.lastIndexOf('-') + 1)).collect(Collectors.toList()));
            }
        }
    }
}
