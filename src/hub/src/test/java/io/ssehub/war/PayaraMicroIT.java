package io.ssehub.war;

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
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on Payara Micro 6, a full Jakarta EE 10 server with its own Jersey, as a separate
 * process started and stopped by the test.
 */
class PayaraMicroIT extends DeployedWarContract {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;
    private static final Path PAYARA = Path.of("target", "servers", "payara-micro.jar").toAbsolutePath();
    private static final Path LOGS = Path.of("target", "servers").toAbsolutePath();

    @Override
    DeployedWar deploy() throws Exception {
        if (!Files.isRegularFile(PAYARA)) {
            throw new IllegalStateException(PAYARA + " is missing: the build copies it in pre-integration-test");
        }
        // Payara Micro's own start-up sometimes fails on a race inside the server (a
        // ConcurrentModificationException in its JASPIC listener, then "Failed to start, exiting" while the
        // process stays up). That is the server's flake, not the WAR's: such a start is retried.
        // Only that race is retried: any other failure to start or to serve fails the test at once.
        for (int attempt = 1; ; attempt++) {
            try {
                return start(attempt);
            } catch (ServerStartRace race) {
                if (attempt == START_ATTEMPTS) {
                    throw new AssertionError("Payara Micro lost its own start-up race " + attempt + " times", race);
                }
            }
        }
    }

    /** Payara Micro's own start-up race, recognised by what it logs; never a failure of the WAR. */
    private static final class ServerStartRace extends Exception {
        ServerStartRace(Path log) {
            super("Payara Micro failed to start on its ConcurrentModificationException; see " + log);
        }
    }

    private DeployedWar start(int attempt) throws Exception {
        int port = ServerCommand.freePort();
        Path log = LOGS.resolve("payara-micro-" + attempt + ".log");
        Files.createDirectories(LOGS);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        DeployedWar.SETTINGS.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", PAYARA.toString(),
                "--deploy", DeployedWar.builtWar().toString(), "--contextroot", "ssehub",
                "--port", Integer.toString(port), "--nocluster"));
        Process payara = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/ssehub/");
        DeployedWar deployment = DeployedWar.at(base, () -> {
            payara.destroy();
            if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                payara.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        });
        try {
            awaitHealthy(base, payara, log);
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    private static void awaitHealthy(URI base, Process payara, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + payara.exitValue() + "; see " + log);
            }
            String logged = Files.readString(log, StandardCharsets.ISO_8859_1);
            if (logged.contains("Failed to start, exiting")) {
                if (logged.contains("ConcurrentModificationException")) {
                    throw new ServerStartRace(log);
                }
                throw new AssertionError("Payara Micro failed to start; see " + log);
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
        throw new AssertionError("Payara Micro did not serve the WAR within " + STARTUP + "; see " + log);
    }
}
