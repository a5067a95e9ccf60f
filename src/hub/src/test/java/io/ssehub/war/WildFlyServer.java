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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * WildFly (Maven Central's {@code wildfly-dist} zip, unpacked by the build) running the built WAR, deployed
 * as the README says: copied into the deployments folder, whose scanner deploys it and answers with a marker
 * file ({@code ssehub.war.deployed} or {@code .failed}); removed from it to undeploy. The server runs
 * {@code standalone.sh} on a fresh copy of the distribution's configuration ({@code jboss.server.base.dir},
 * one folder per test class) with free ports, the settings as environment variables; it is stopped through
 * the handle of its JVM, as a service manager's SIGTERM stops it.
 */
final class WildFlyServer implements DeployedWar {

    private static final Path HOME = Path.of(System.getProperty("wildfly.home", "target/servers/wildfly")).toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(180);
    /** A line of WildFly's log at its highest levels: {@code 18:57:02,920 ERROR [logger] (thread) message}. */
    static final Pattern ERROR_LINE = Pattern.compile("^\\S+ \\S+ (ERROR|FATAL) ", Pattern.MULTILINE);

    private final Path base;
    private final Path deployments;
    private final Path deployed;
    private final Process launcher;
    private final URI uri;

    private WildFlyServer(Path base, Process launcher, int http) {
        this.base = base;
        this.deployments = base.resolve("deployments");
        this.deployed = deployments.resolve("ssehub.war");
        this.launcher = launcher;
        this.uri = URI.create("http://127.0.0.1:" + http + "/ssehub/");
    }

    /**
     * Starts WildFly in {@code target/servers/<run>} with the WAR in its deployments folder and
     * {@code environment}; returns once the scanner has deployed it.
     */
    static WildFlyServer start(String run, Map<String, String> environment) throws Exception {
        Path standalone = HOME.resolve("bin").resolve("standalone.sh");
        if (!Files.isExecutable(standalone)) {
            throw new IllegalStateException(standalone + " is missing: the build unpacks WildFly in pre-integration-test");
        }
        Path base = Path.of("target", "servers", run).toAbsolutePath();
        freshBase(base);
        int http = ServerCommand.freePort();
        List<String> command = new ArrayList<>(List.of(standalone.toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.http.port=" + http));
        for (String port : List.of("jboss.https.port", "jboss.management.http.port", "jboss.management.https.port",
                "jboss.ajp.port")) {
            command.add("-D" + port + "=" + ServerCommand.freePort());
        }
        // The README's command, before the start: the scanner deploys what it finds at boot.
        Files.copy(DeployedWar.builtWar(), base.resolve("deployments").resolve("ssehub.war"));
        Process launcher = ServerCommand.start(command, environment, base.resolve("standalone.out"));
        WildFlyServer server = new WildFlyServer(base, launcher, http);
        try {
            server.awaitMarker("deployed");
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    @Override
    public URI base() {
        return uri;
    }

    /** {@code rm "$JBOSS_HOME/standalone/deployments/ssehub.war"} */
    void undeploy() throws Exception {
        Files.delete(deployed);
        awaitMarker("undeployed");
    }

    /** {@code cp src/hub/target/ssehub.war "$JBOSS_HOME/standalone/deployments/"} */
    void redeploy() throws Exception {
        Files.copy(DeployedWar.builtWar(), deployed, StandardCopyOption.REPLACE_EXISTING);
        awaitMarker("deployed");
    }

    /** The server's JVM (standalone.sh's child). */
    ProcessHandle jvm() {
        return launcher.descendants()
                .filter(process -> process.info().command().map(path -> path.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no WildFly JVM under " + launcher));
    }

    /** The server's own log file. */
    Path log() {
        return base.resolve("log").resolve("server.log");
    }

    /** SIGTERM to the server's JVM: WildFly stops gracefully, and standalone.sh ends with it. */
    @Override
    public void close() throws Exception {
        launcher.descendants().forEach(ProcessHandle::destroy);
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The scanner's answer: the marker named, or an AssertionError if it answers {@code failed}. */
    private void awaitMarker(String outcome) {
        Path marker = deployments.resolve("ssehub.war." + outcome);
        Path failed = deployments.resolve("ssehub.war.failed");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (Files.exists(failed)) {
                throw new AssertionError("WildFly failed the deployment: " + Files.readString(failed));
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("WildFly exited with " + launcher.exitValue() + "; see " + log());
            }
            return Files.exists(marker);
        });
    }

    /** A copy of the distribution's standalone configuration and an empty deployments folder. */
    private static void freshBase(Path base) throws IOException {
        ServerFolders.delete(base);
        Files.createDirectories(base.resolve("deployments"));
        ServerFolders.copy(HOME.resolve("standalone").resolve("configuration"), base.resolve("configuration"));
    }
}
