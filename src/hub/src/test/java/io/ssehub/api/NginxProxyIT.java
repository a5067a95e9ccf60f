package io.ssehub.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.RawClient;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's nginx configuration, as written there, in front of the hub: Debian's nginx (installed by the
 * build when missing) started on an ephemeral port with the README's block. Events pass at once, publishes
 * pass, a client that stops reading is cut by the hub through the proxy, and a client resumes through it
 * with {@code Last-Event-ID}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NginxProxyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern NGINX_BLOCK = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL);

    /** nginx's prefix: its configuration, logs and buffers. JUnit deletes it after {@link #stop()} has stopped nginx. */
    @TempDir
    Path prefix;
    private TestHub hub;
    private Process nginx;
    private URI proxy;

    @BeforeEach
    void startHubAndProxy() throws IOException {
        hub = TestHub.start(Map.of("write.timeout", "1s", "subscriber.queue.bytes", "65536"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String site = readmeBlock()
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + hub.uri().getPort() + ";")
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";");
        Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("error.log") + " warn;",
                "events { worker_connections 256; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + prefix.resolve("body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                site,
                "}", ""));
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        proxy = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(proxy.resolve("health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void eventsAndPublishesPassThroughTheProxyAtOnce() throws Exception {
        try (SseStream stream = SseStream.open(proxy.resolve("events?topic=news"))) {
            assertEquals(200, stream.response().statusCode());
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            String id = publishThroughProxy("{\"message\":\"through nginx\"}");

            // One small event: a buffering proxy would hold it back until a buffer fills or the stream ends.
            SseStream.Block event = stream.nextEvent(Duration.ofSeconds(3));
            assertEquals(id, event.id());
            assertTrue(event.data().contains("through nginx"), event.data());
        }
    }

    @Test
    void aClientThatStopsReadingIsCutThroughTheProxyAndAClientResumesThroughIt() throws Exception {
        String pad = "x".repeat(60_000);
        try (RawClient stalled = RawClient.get(proxy, "/events?topic=news");
             SseStream reader = SseStream.open(proxy.resolve("events?topic=news"))) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 2);
            String last = null;
            // Enough to fill nginx's and the sockets' buffers for the stalled one, then the hub's queue.
            for (int i = 0; i < 600 && hub.subscribers() == 2; i++) {
                last = hub.publish("news", "notification", "{\"message\":\"" + i + "\",\"pad\":\"" + pad + "\"}");
                assertEquals(last, reader.nextEvent(WAIT).id(), "the reader keeps up");
            }
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            assertTrue(stalled != null && last != null);

            reader.close();
            String missed = hub.publish("news", "notification", "{\"message\":\"while away\"}");
            try (SseStream resumed = SseStream.open(proxy.resolve("events?topic=news"), Map.of("Last-Event-ID", last))) {
                assertEquals(missed, resumed.nextEvent(WAIT).id(), "the event missed while away comes first");
            }
        }
    }

    private String publishThroughProxy(String data) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.resolve("events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"news\",\"type\":\"notification\",\"data\":" + data + "}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
        assertTrue(id.find(), response.body());
        return id.group(1);
    }

    private static String readmeBlock() throws IOException {
        Matcher block = NGINX_BLOCK.matcher(Files.readString(Path.of("..", "..", "README.md")));
        assertTrue(block.find(), "the README has an nginx block");
        return block.group(1);
    }
}
