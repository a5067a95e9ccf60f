package io.ssehub.war;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The built WAR on the Tomcat 11 distribution (Maven Central's zip, unpacked by the build), deployed as the
 * README says: settings in {@code CATALINA_OPTS}, the WAR copied into {@code $CATALINA_BASE/webapps/},
 * {@code sh catalina.sh run}; removed from there to undeploy. {@code CATALINA_BASE} is a fresh copy of the
 * distribution's {@code conf} with a free HTTP port and no shutdown port: the server is stopped through the
 * handle of its JVM ({@code catalina.sh run} execs it), SIGTERM, Tomcat's graceful stop.
 */
class Tomcat11IT extends ServerProcessWarContract {

    private static final Path HOME = Path.of(System.getProperty("tomcat11.home", "target/servers/tomcat")).toAbsolutePath();
    private static final Path BASE = Path.of("target", "servers", "tomcat11-run").toAbsolutePath();
    private static final Path WEBAPPS = BASE.resolve("webapps");
    private static final Path CONSOLE = BASE.resolve("logs").resolve("console.log");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process tomcat;
    private URI base;

    @Override
    DeployedWar deploy() throws Exception {
        Path catalina = HOME.resolve("bin").resolve("catalina.sh");
        if (!Files.isRegularFile(catalina)) {
            throw new IllegalStateException(catalina + " is missing: the build unpacks Tomcat in pre-integration-test");
        }
        int port = freshBase();
        redeployFiles();
        String options = DeployedWar.SETTINGS.entrySet().stream()
                .map(setting -> "-D" + setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining(" "));
        // sh: the zip distribution carries no execute permissions
        tomcat = ServerCommand.start(List.of("sh", catalina.toString(), "run"),
                Map.of("CATALINA_HOME", HOME.toString(), "CATALINA_BASE", BASE.toString(), "CATALINA_OPTS", options),
                CONSOLE);
        base = URI.create("http://127.0.0.1:" + port + "/ssehub/");
        DeployedWar deployment = DeployedWar.at(base, this::stopServer);
        try {
            awaitHealth(200);
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** {@code rm "$CATALINA_BASE/webapps/ssehub.war"}: Tomcat's background check undeploys it. */
    @Override
    void undeploy() throws Exception {
        Files.delete(WEBAPPS.resolve("ssehub.war"));
        awaitHealth(404);
    }

    /** {@code cp src/hub/target/ssehub.war "$CATALINA_BASE/webapps/"} */
    @Override
    void redeploy() throws Exception {
        redeployFiles();
        awaitHealth(200);
    }

    private static void redeployFiles() throws IOException {
        Files.copy(DeployedWar.builtWar(), WEBAPPS.resolve("ssehub.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Tomcat deploys and undeploys in the background: the health endpoint tells when it has. */
    private void awaitHealth(int status) {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!tomcat.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + tomcat.exitValue() + "; see " + CONSOLE);
            }
            return http.send(HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == status;
        });
    }

    @Override
    ProcessHandle server() {
        return tomcat.toHandle();
    }

    @Override
    Path serverLog() {
        return CONSOLE;
    }

    /** Tomcat's one-line format: {@code 30-Nov-2026 19:05:00.123 INFO [main] io.ssehub.core.Hub.start hub started}. */
    @Override
    Pattern hubStartedAtInfo() {
        return Pattern.compile(" INFO \\[[^]]*] io\\.ssehub\\.core\\.Hub\\.\\S+ hub started");
    }

    @Override
    Pattern errorLine() {
        return Pattern.compile("^\\S+ \\S+ SEVERE ", Pattern.MULTILINE);
    }

    /** A copy of the distribution's conf with a free HTTP port and no shutdown port; returns the HTTP port. */
    private static int freshBase() throws IOException {
        ServerFolders.delete(BASE);
        for (String folder : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(BASE.resolve(folder));
        }
        ServerFolders.copy(HOME.resolve("conf"), BASE.resolve("conf"));
        Path serverXml = BASE.resolve("conf").resolve("server.xml");
        int http = ServerCommand.freePort();
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String edited = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                        "<Connector port=\"" + http + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        if (edited.length() == xml.length()) {
            throw new IllegalStateException(serverXml + " no longer has the stock ports 8005 and 8080");
        }
        Files.writeString(serverXml, edited, StandardCharsets.UTF_8);
        return http;
    }

    private void stopServer() throws Exception {
        tomcat.destroy();
        if (!tomcat.waitFor(60, TimeUnit.SECONDS)) {
            tomcat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
