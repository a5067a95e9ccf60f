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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve} as a real process: it answers, and SIGTERM stops it cleanly. */
class ServeIT {

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
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliProcess serve = CliProcess.run("serve", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));

            assertEquals(1, serve.exitCode(), serve.stderr());
            assertTrue(serve.stderr().contains("cannot listen on"), serve.stderr());
        }
    }

    @Test
    void anInvalidSettingIsAUsageError() {
        CliProcess serve = CliProcess.run("serve", "--port", "70000");

        assertEquals(2, serve.exitCode(), serve.stderr());
        assertTrue(serve.stderr().contains("setting 'port'"), serve.stderr());
    }

    private HttpResponse<String> health(URI hub) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.resolve("health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
