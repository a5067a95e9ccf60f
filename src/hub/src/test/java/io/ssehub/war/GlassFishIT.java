package io.ssehub.war;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built WAR on the full GlassFish 7 distribution (Maven Central's zip, unpacked by the build), deployed
 * with the README's command, {@code asadmin deploy --contextroot ssehub ssehub.war}. The domain is a copy of
 * the distribution's {@code domain1} with every port it opens moved to a free one; the settings reach the
 * server as environment variables of {@code asadmin start-domain}; asadmin finds the domain's admin port in
 * {@code AS_ADMIN_PORT}, as it would in a user's shell.
 */
class GlassFishIT extends ServerProcessWarContract {

    private static final Path HOME = Path.of(System.getProperty("glassfish.home",
            "target/servers/glassfish/glassfish7")).toAbsolutePath();
    private static final Path RUN = Path.of("target", "servers", "glassfish-run").toAbsolutePath();
    private static final Path DOMAIN = RUN.resolve("domain1");
    private static final Path LOG = RUN.resolve("asadmin.log");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(180);
    /** domain1's ports as its domain.xml writes them: HTTP, HTTPS, admin, JMX, IIOP (plain, SSL, mutual), JMS. */
    private static final List<String> PORTS = List.of(
            "port=\"8080\"", "port=\"8181\"", "port=\"4848\"", "port=\"8686\"",
            "port=\"3700\"", "port=\"3820\"", "port=\"3920\"", "value=\"7676\"");

    private final Map<String, String> environment = new HashMap<>(WarSettings.asEnvironment(DeployedWar.SETTINGS));
    private ProcessHandle server;

    @Override
    DeployedWar deploy() throws Exception {
        Path asadmin = HOME.resolve("bin").resolve("asadmin");
        if (!Files.isExecutable(asadmin)) {
            throw new IllegalStateException(asadmin + " is missing: the build unpacks GlassFish in pre-integration-test");
        }
        int http = freshDomain();
        asadmin("start-domain", "--domaindir", RUN.toString(), "domain1");
        server = ProcessHandle.of(Long.parseLong(Files.readString(DOMAIN.resolve("config").resolve("pid")).trim()))
                .orElseThrow(() -> new AssertionError("the domain's JVM has already gone; see " + serverLog()));
        DeployedWar deployment = DeployedWar.at(URI.create("http://127.0.0.1:" + http + "/ssehub/"), this::stopDomain);
        try {
            redeploy();
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** The README's command. */
    @Override
    void redeploy() throws Exception {
        asadmin("deploy", "--contextroot", "ssehub", DeployedWar.builtWar().toString());
    }

    @Override
    void undeploy() throws Exception {
        asadmin("undeploy", "ssehub");
    }

    @Override
    ProcessHandle server() {
        return server;
    }

    @Override
    Path serverLog() {
        return DOMAIN.resolve("logs").resolve("server.log");
    }

    /** GlassFish's log: {@code [time] [GF 7.0.20] [INFO] [] [io.ssehub.core.Hub] [tid: ...] [[\n  hub started...}. */
    @Override
    Pattern hubStartedAtInfo() {
        return Pattern.compile("\\[INFO] \\[[^]]*] \\[io\\.ssehub\\.core\\.Hub] [^\\n]*\\n\\s*hub started");
    }

    @Override
    Pattern errorLine() {
        return Pattern.compile("\\[SEVERE]");
    }

    /** A copy of the distribution's domain1, every port moved to a free one; returns the HTTP port. */
    private int freshDomain() throws IOException {
        ServerFolders.delete(RUN);
        ServerFolders.copy(HOME.resolve("glassfish").resolve("domains").resolve("domain1"), DOMAIN);
        Path config = DOMAIN.resolve("config").resolve("domain.xml");
        String xml = Files.readString(config, StandardCharsets.UTF_8);
        int http = 0;
        for (String port : PORTS) {
            int at = xml.indexOf(port);
            if (at < 0 || xml.indexOf(port, at + 1) >= 0) {
                throw new IllegalStateException(config + " does not set " + port + " exactly once: another GlassFish?");
            }
            int free = ServerCommand.freePort();
            xml = xml.replace(port, port.replaceAll("\\d+", Integer.toString(free)));
            if (port.contains("8080")) {
                http = free;
            } else if (port.contains("4848")) {
                environment.put("AS_ADMIN_PORT", Integer.toString(free));
            }
        }
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        return http;
    }

    private void asadmin(String... arguments) throws IOException, InterruptedException {
        List<String> command = Stream.concat(
                Stream.of(HOME.resolve("bin").resolve("asadmin").toString(), "--interactive=false"),
                Stream.of(arguments)).toList();
        ServerCommand.run(command, environment, LOG, COMMAND_TIMEOUT);
    }

    private void stopDomain() throws Exception {
        try {
            asadmin("stop-domain", "--domaindir", RUN.toString(), "domain1");
        } finally {
            if (server != null && server.isAlive()) {
                try {
                    server.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException stuck) {
                    server.destroyForcibly();
                }
            }
        }
    }
}
