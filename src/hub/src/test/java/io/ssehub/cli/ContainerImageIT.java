package io.ssehub.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.SseStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image the build writes (target/jib-image.tar), run as an engine would run it, without one:
 * its layers unpacked in order into a root, and its own entry point, command, environment and user (read
 * from the image's configuration) run there as PID 1 of new mount and PID namespaces, with the /proc and the
 * device nodes an engine provides. The hub in it must answer on the network: a stream receives what is
 * published, and SIGTERM (what {@code docker stop} sends) stops it cleanly. Needs root (unpacking as the
 * image's owners, mknod, unshare).
 */
class ContainerImageIT {

    private static final Path IMAGE = Path.of("target", "jib-image.tar");
    /** Starting a JVM on a loaded machine, and stopping it. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("ssehub is listening on http://[^:/]+:(\\d+)/");
    /** The device nodes every container engine creates (name, major, minor). */
    private static final List<List<String>> DEVICES = List.of(List.of("null", "1", "3"), List.of("zero", "1", "5"),
            List.of("random", "1", "8"), List.of("urandom", "1", "9"));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path work;
    private Process container;

    @Test
    void theImageRunsTheHubAsANonRootUserReachableOnItsPortAndSigtermStopsIt() throws Exception {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "running the image without a container engine needs root (unpacking, mknod, unshare)");
        assertTrue(Files.isRegularFile(IMAGE), IMAGE.toAbsolutePath() + " is missing: the build writes it in package"
                + " unless -DskipTests (profile image)");
        Path root = Files.createDirectory(work.resolve("root"));
        JsonNode config = unpack(root).path("config");
        provideWhatAnEngineProvides(root);

        String user = config.path("User").asText();
        assertFalse(user.isEmpty() || user.startsWith("0:") || user.equals("0") || user.startsWith("root"),
                "the image runs as root: " + user);
        assertTrue(config.path("ExposedPorts").has("8080/tcp"), config.toString());

        Path stdout = work.resolve("stdout");
        Path stderr = work.resolve("stderr");
        container = start(root, config, stdout, stderr);
        int port = Integer.parseInt(await().atMost(WAIT).until(() -> listeningPort(stdout), found -> found != null));
        ProcessHandle hub = container.descendants().findFirst().orElseThrow();
        assertEquals(user.split(":")[0], realUid(hub), "the hub's user is the image's");

        URI base = URI.create("http://127.0.0.1:" + port + "/");
        try (SseStream stream = SseStream.open(base.resolve("events?topic=deploys"))) {
            assertEquals(200, stream.response().statusCode());
            stream.next(WAIT); // the greeting: the stream is registered
            String id = publish(base, "{\"topic\":\"deploys\",\"type\":\"deploy\",\"data\":{\"version\":\"1.2.3\"}}");

            SseStream.Block event = stream.nextEvent(WAIT);
            assertEquals("deploy", event.type());
            assertEquals(id, event.id());
            assertEquals("{\"version\":\"1.2.3\"}", event.data());

            hub.destroy();
            assertTrue(container.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "still running after SIGTERM");
            // 128 + SIGTERM: the JVM ran its shutdown hooks, the hub's close among them
            assertEquals(143, container.exitValue(), Files.readString(stderr));
            List<SseStream.Block> rest = stream.untilEnd(WAIT);
            assertNotNull(rest.get(rest.size() - 1).field("retry"), "the stream got its retry hint: " + rest);
        }
        String log = Files.readString(stderr);
        assertTrue(log.contains("hub stopped"), log);
        // The runtime holds only the modules the image names: nothing the hub starts may be missing from it.
        assertFalse(log.contains("WARN org.glassfish"), log);
    }

    /** Unpacks the layers the manifest lists, in order, into {@code root}; returns the image's configuration. */
    private JsonNode unpack(Path root) throws IOException, InterruptedException {
        Path image = Files.createDirectory(work.resolve("image"));
        run("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", image.toString());
        JsonNode manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.path("Layers")) {
            // GNU tar recognises the layers' compression (Jib's are gzip); as root it keeps their owners and modes.
            run("tar", "-xf", image.resolve(layer.asText()).toString(), "-C", root.toString());
        }
        return json.readTree(image.resolve(manifest.path("Config").asText()).toFile());
    }

    /** What every engine adds to a container's root: /proc (mounted at start) and the basic device nodes. */
    private void provideWhatAnEngineProvides(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("proc"));
        Path dev = Files.createDirectories(root.resolve("dev"));
        for (List<String> device : DEVICES) {
            run("mknod", "-m", "666", dev.resolve(device.get(0)).toString(), "c", device.get(1), device.get(2));
        }
    }

    /**
     * The image's entry point and command in {@code root}, with only the image's environment (and the port
     * chosen by the hub: the image's own 8080 may be taken here), as its user, as PID 1 of its own namespaces.
     */
    private static Process start(Path root, JsonNode config, Path stdout, Path stderr) throws IOException {
        String[] user = config.path("User").asText().split(":");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc=/proc", "--root=" + root, "--wd=" + config.path("WorkingDir").asText("/"),
                "--setuid", user[0], "--setgid", user.length > 1 ? user[1] : user[0]));
        config.path("Entrypoint").forEach(word -> command.add(word.asText()));
        config.path("Cmd").forEach(word -> command.add(word.asText()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        config.path("Env").forEach(variable -> {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair[1]);
        });
        environment.put("SSEHUB_PORT", "0");
        return builder.start();
    }

    private static String listeningPort(Path stdout) throws IOException {
        Matcher matcher = LISTENING.matcher(Files.readString(stdout));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String realUid(ProcessHandle process) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).map(line -> line.split("\\s+")[1]).findFirst().orElseThrow();
    }

    private String publish(URI base, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return json.readTree(response.body()).path("id").asText();
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "command-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + Files.readString(output));
    }

    @AfterEach
    void stopWhateverStillRuns() throws InterruptedException {
        if (container != null && container.isAlive()) {
            // unshare --kill-child takes the hub down with it
            container.destroyForcibly();
            container.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
