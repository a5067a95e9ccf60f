package io.ssehub.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.app.HubApplication;
import io.ssehub.config.HubConfig;
import io.ssehub.testing.AlwaysReadyOutput;
import io.ssehub.testing.TestHub;
import io.ssehub.wire.SseFrame;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hub that can no longer work never looks alive: a hub thread that dies, or an Error the JVM throws at a
 * request, marks it failed, and {@code /health} says so. (Halting the process instead, as the embedded
 * runtime's main and {@code serve} do, is proved on a real process in {@code cli.OutOfMemoryIT}.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FatalErrorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aLaneThatDiesOfAnErrorFailsTheHubAndHealthAnswers503Failed() throws Exception {
        CompletableFuture<Thread> writer = new CompletableFuture<>();
        HubApplication application = new HubApplication(HubConfig.from(Map.of("writer.threads", "1", "tick.interval", "0")),
                FatalErrors.failingTheHub(), hub -> sink -> new OutputThatBreaks(writer));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application);
        URI base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
        // The stream's response never comes (its output breaks at the greeting): it is not waited for.
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(
                HttpRequest.newBuilder(base.resolve("events")).build(), HttpResponse.BodyHandlers.discarding());
        try {
            Thread lane = writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            lane.join(WAIT.toMillis());
            assertFalse(lane.isAlive(), "the lane died of the error");

            assertHealthFailed(base.resolve("health"));
            assertFalse(application.hub().isRunning());
        } finally {
            stream.cancel(true);
            server.shutdownNow();
        }
    }

    @Test
    void anOutOfMemoryErrorAtARequestFailsTheHubInsteadOfBeingAnswered500() throws Exception {
        HubApplication application = new HubApplication(HubConfig.from(Map.of("tick.interval", "0")));
        application.register(RunsOutOfMemory.class);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");

            HttpResponse<String> answer = get(base.resolve("out-of-memory"));

            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("urn:ssehub:problem:failed", JSON.readTree(answer.body()).get("type").asText(), answer.body());
            assertHealthFailed(base.resolve("health"));
        } finally {
            server.shutdownNow();
        }
    }

    private void assertHealthFailed(URI health) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(health);
        assertEquals(503, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("failed", body.get("status").asText(), answer.body());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a request meets when the heap is full. */
    @Path("out-of-memory")
    public static final class RunsOutOfMemory {
        @GET
        public String get() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** An output whose first write kills the thread writing it, as no RuntimeException would. */
    private static final class OutputThatBreaks extends AlwaysReadyOutput {

        private final CompletableFuture<Thread> writer;

        OutputThatBreaks(CompletableFuture<Thread> writer) {
            this.writer = writer;
        }

        @Override
        public void write(List<SseFrame> frames) {
            writer.complete(Thread.currentThread());
            throw new Error("the output broke");
        }
    }
}
