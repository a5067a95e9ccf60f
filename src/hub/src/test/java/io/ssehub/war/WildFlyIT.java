package io.ssehub.war;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The built WAR on WildFly (Maven Central's {@code wildfly-dist} zip, unpacked by the build), deployed as the
 * README says: copied into the deployments folder, whose scanner deploys it and answers with a marker file
 * ({@code ssehub.war.deployed} or {@code .failed}); removed from it to undeploy. The server runs
 * {@code standalone.sh} on a fresh copy of the distribution's configuration
 * ({@code jboss.server.base.dir}) with free ports, the settings as environment variables; it is stopped
 * through the handle of its JVM, as a service manager's SIGTERM stops it.
 *
 * <p>JAX-RS is the Jersey inside the WAR, not WildFly's RESTEasy ({@code WEB-INF/jboss-deployment-structure.xml}).
 */
class WildFlyIT extends ServerProcessWarContract {

    private static final Path HOME = Path.of(System.getProperty("wildfly.home", "target/servers/wildfly")).toAbsolutePath();
    private static final Path BASE = Path.of("target", "servers", "wildfly-run").toAbsolutePath();
    private static final Path DEPLOYMENTS = BASE.resolve("deployments");
    private static final Path DEPLOYED = DEPLOYMENTS.resolve("ssehub.war");
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private Process launcher;

    @Override
    DeployedWar deploy() throws Exception {
        Path standalone = HOME.resolve("bin").resolve("standalone.sh");
        if (!Files.isExecutable(standalone)) {
            throw new IllegalStateException(standalone + " is missing: the build unpacks WildFly in pre-integration-test");
        }
        freshBase();
        int http = ServerCommand.freePort();
        List<String> command = new ArrayList<>(List.of(standalone.toString(),
                "-Djboss.server.base.dir=" + BASE,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.http.port=" + http));
        for (String port : List.of("jboss.https.port", "jboss.management.http.port", "jboss.management.https.port",
                "jboss.ajp.port")) {
            command.add("-D" + port + "=" + ServerCommand.freePort());
        }
        // The README's command, before the start: the scanner deploys what it finds at boot.
        copyTheWar();
        launcher = ServerCommand.start(command, WarSettings.asEnvironment(DeployedWar.SETTINGS),
                BASE.resolve("standalone.out"));
        DeployedWar deployment = DeployedWar.at(URI.create("http://127.0.0.1:" + http + "/ssehub/"), this::stopServer);
        try {
            awaitMarker("deployed");
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** {@code rm "$JBOSS_HOME/standalone/deployments/ssehub.war"} */
    @Override
    void undeploy() throws Exception {
        Files.delete(DEPLOYED);
        awaitMarker("undeployed");
    }

    /** {@code cp src/hub/target/ssehub.war "$JBOSS_HOME/standalone/deployments/"} */
    @Override
    void redeploy() throws Exception {
        copyTheWar();
        awaitMarker("deployed");
    }

    private static void copyTheWar() throws IOException {
        Files.copy(DeployedWar.builtWar(), DEPLOYED, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The scanner's answer: the marker named, or an AssertionError if it answers {@code failed}. */
    private void awaitMarker(String outcome) {
        Path marker = DEPLOYMENTS.resolve("ssehub.war." + outcome);
        Path failed = DEPLOYMENTS.resolve("ssehub.war.failed");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (Files.exists(failed)) {
                throw new AssertionError("WildFly failed the deployment: " + Files.readString(failed));
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("WildFly exited with " + launcher.exitValue() + "; see " + serverLog());
            }
            return Files.exists(marker);
        });
    }

    @Override
    ProcessHandle server() {
        return launcher.descendants()
                .filter(process -> process.info().command().map(path -> path.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no WildFly JVM under " + launcher));
    }

    @Override
    Path serverLog() {
        return BASE.resolve("log").resolve("server.log");
    }

    /** WildFly's log: {@code 18:57:02,920 INFO  [io.ssehub.core.Hub] (ServerService Thread Pool -- 84) hub started}. */
    @Override
    Pattern hubStartedAtInfo() {
        return Pattern.compile("INFO +\\[io\\.ssehub\\.core\\.Hub] \\([^)]*\\) hub started");
    }

    @Override
    Pattern errorLine() {
        return Pattern.compile("^\\S+ \\S+ (ERROR|FATAL) ", Pattern.MULTILINE);
    }

    /** A copy of the distribution's standalone configuration and an empty deployments folder. */
    private static void freshBase() throws IOException {
        ServerFolders.delete(BASE);
        Files.createDirectories(DEPLOYMENTS);
        ServerFolders.copy(HOME.resolve("standalone").resolve("configuration"), BASE.resolve("configuration"));
    }

    /** SIGTERM to the server's JVM: WildFly stops gracefully, and standalone.sh ends with it. */
    private void stopServer() throws Exception {
        launcher.descendants().forEach(ProcessHandle::destroy);
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
