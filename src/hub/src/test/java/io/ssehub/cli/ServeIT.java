package io.ssehub.cli;

import static io.ssehub.cli.CliProcess.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.SseStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} as a real process: it answers, SIGTERM stops it cleanly, its log's byte bound keeps it
 * answering on a small heap, and a process that runs out of memory ends instead of lingering.
 */
class ServeIT {

    /**
     * A body just under the default {@code publish.max.bytes} whose data holds one euro sign: the JVM stores
     * the whole data string as UTF-16, so each event takes about 128 KiB of heap.
     */
    private static final byte[] HEAVY_EVENT = ("{\"topic\":\"load\",\"type\":\"heavy\",\"data\":\"\u20ac"
            + "x".repeat(65_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    /** Settings every heap test shares: no tick, and no publish rate limit (this one publisher is fast). */
    private static final Map<String, String> UNTHROTTLED = Map.of("SSEHUB_TICK_INTERVAL", "0",
            "SSEHUB_PUBLISH_RATE", "1000000", "SSEHUB_PUBLISH_BURST", "1000000");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void serveRunsAHubUntilSigtermThenClosesItsStreamsAndExits() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI hub = URI.create("http://127.0.0.1:" + port + "/");
        try (CliProcess serve = CliProcess.start(Map.of("SSEHUB_TICK_INTERVAL", "0", "SSEHUB_SHUTDOWN_GRACE", "500ms"),
                "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))) {
            await().atMost(WAIT).ignoreExceptions().until(() -> health(hub).statusCode() == 200);
            assertTrue(health(hub).body().contains("\"status\":\"up\""));
            assertTrue(serve.stdout().contains("ssehub is listening on " + hub), serve.stdout());

            try (SseStream stream = SseStream.open(hub.resolve("events"))) {
                stream.next(WAIT);
                int exit = serve.terminate();

                // 128 + SIGTERM: the JVM ran its shutdown hooks, the hub's close among them.
                assertEquals(143, exit, serve.stderr());
                assertFalse(serve.isAlive());
                List<SseStream.Block> rest = stream.untilEnd(WAIT);
                assertTrue(rest.get(rest.size() - 1).field("retry") != null, "the stream got its retry hint: " + rest);
                assertTrue(serve.stderr().contains("hub stopped"), serve.stderr());
            }
        }
    }

    @Test
    void serveExitsOneWhenItsPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             CliProcess serve = CliProcess.run("serve", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()))) {
            assertEquals(1, serve.exitCode(), serve.stderr());
            assertTrue(serve.stderr().contains("cannot listen on"), serve.stderr());
        }
    }

    @Test
    void anInvalidSettingIsAUsageError() {
        try (CliProcess serve = CliProcess.run("serve", "--port", "70000")) {
            assertEquals(2, serve.exitCode(), serve.stderr());
            assertTrue(serve.stderr().contains("setting 'port'"), serve.stderr());
        }
    }

    /**
     * The attack this bound answers: with a log bounded by count only, the default ten thousand such events
     * are about 1.3 GB of heap, and the hub ran out of memory long before its log was full. Bounded by
     * bytes too, it publishes well past its count on a 256 MiB heap and keeps answering.
     */
    @Test
    void withTheDefaultBoundsServeOnA256MegabyteHeapKeepsAnsweringWhileHeavyEventsGoFarPastTheLogsCount()
            throws IOException, InterruptedException {
        try (CliProcess serve = CliProcess.start(List.of("-Xmx256m"), UNTHROTTLED,
                "serve", "--host", "127.0.0.1", "--port", "0")) {
            URI hub = listeningOn(serve);
            int events = 12_000;

            for (int n = 0; n < events; n++) {
                HttpResponse<String> answer = publish(hub, HEAVY_EVENT);
                int published = n;
                assertEquals(201, answer.statusCode(), () -> "publish " + published + ": " + answer.body() + "\n"
                        + serve.stderr());
            }

            HttpResponse<String> health = health(hub);
            assertEquals(200, health.statusCode(), serve.stderr());
            assertTrue(health.body().contains("\"status\":\"up\""), health.body());
            assertTrue(health.body().contains("-" + events + "\""),
                    "the newest id is the last published: " + health.body());
        }
    }

    /**
     * The other half: a log allowed more than the heap fills it, and the process that ran out of memory
     * says why and exits with its own code, so a supervisor restarts it, instead of lingering with dead
     * threads. The publishes are bounded by a deadline, so a process that lingers fails the test.
     */
    @Test
    void serveThatRunsOutOfMemoryExitsWithTheFatalCodeAndSaysWhyInsteadOfLingering() throws InterruptedException {
        Map<String, String> settings = new HashMap<>(UNTHROTTLED);
        settings.put("SSEHUB_LOG_CAPACITY", "1000000");
        settings.put("SSEHUB_LOG_MAX_BYTES", "2000000000");
        try (CliProcess serve = CliProcess.start(List.of("-Xmx64m"), settings,
                "serve", "--host", "127.0.0.1", "--port", "0")) {
            URI hub = listeningOn(serve);

            // 64 MiB hold about five hundred of these events.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (serve.isAlive() && System.nanoTime() < deadline) {
                try {
                    publish(hub, HEAVY_EVENT);
                } catch (IOException e) {
                    // the process is ending, or not answering: either way the exit code tells
                }
            }

            assertEquals(70, serve.awaitExit(), serve.stderr());
            assertTrue(serve.stderr().contains("java.lang.OutOfMemoryError"), serve.stderr());
            assertTrue(serve.stderr().contains("halting with exit code 70"), serve.stderr());
        }
    }

    private static URI listeningOn(CliProcess serve) {
        String line = serve.awaitLine(text -> text.startsWith("ssehub is listening on "));
        return URI.create(line.substring("ssehub is listening on ".length()).split(" ")[0]);
    }

    private HttpResponse<String> publish(URI hub, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.resolve("events")).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> health(URI hub) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.resolve("health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
