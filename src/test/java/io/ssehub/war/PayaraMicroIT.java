package io.ssehub.war;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on Payara Micro 6, a full Jakarta EE 10 server with its own Jersey, as a separate
 * process started and stopped by the test.
 */
class PayaraMicroIT extends DeployedWarContract {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Path PAYARA = Path.of("target", "servers", "payara-micro.jar").toAbsolutePath();
    private static final Path LOG = Path.of("target", "payara-micro.log").toAbsolutePath();

    @Override
    DeployedWar deploy() throws Exception {
        if (!Files.isRegularFile(PAYARA)) {
            throw new IllegalStateException(PAYARA + " is missing: the build copies it in pre-integration-test");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        DeployedWar.SETTINGS.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", PAYARA.toString(),
                "--deploy", DeployedWar.builtWar().toString(), "--contextroot", "ssehub",
                "--port", Integer.toString(port), "--nocluster", "--nohazelcast"));
        Process payara = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/ssehub/");
        DeployedWar deployment = new DeployedWar() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() throws Exception {
                payara.destroy();
                if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                    payara.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        };
        try {
            awaitHealthy(base, payara);
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** Payara Micro takes its own port number; one the OS just handed out is as close to "port 0" as it gets. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHealthy(URI base, Process payara) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + payara.exitValue() + "; see " + LOG);
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            payara.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("Payara Micro did not serve the WAR within " + STARTUP + "; see " + LOG);
    }
}
