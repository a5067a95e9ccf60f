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
import java.util.stream.Stream;

/**
 * One GlassFish 7 domain of the full distribution (Maven Central's zip, unpacked by the build) with the built
 * WAR deployed by the README's command, {@code asadmin deploy --contextroot ssehub ssehub.war}. The domain is
 * a copy of the distribution's {@code domain1} with every port it opens moved to a free one; the settings
 * reach the server as environment variables of {@code asadmin start-domain}; asadmin finds the domain's admin
 * port in {@code AS_ADMIN_PORT}, as it would in a user's shell. One domain at a time: they share a folder.
 */
final class GlassFishDomain {

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

    private final Map<String, String> environment;
    private final ProcessHandle server;
    private final URI base;

    private GlassFishDomain(Map<String, String> environment, ProcessHandle server, URI base) {
        this.environment = environment;
        this.server = server;
        this.base = base;
    }

    /**
     * Starts a fresh domain with {@code settings} (by property name, {@code ssehub.…}) and deploys the WAR on it; the
     * domain is stopped again if the deployment fails.
     */
    static GlassFishDomain start(Map<String, String> settings) throws Exception {
        Path asadmin = HOME.resolve("bin").resolve("asadmin");
        if (!Files.isExecutable(asadmin)) {
            throw new IllegalStateException(asadmin + " is missing: the build unpacks GlassFish in pre-integration-test");
        }
        Map<String, String> environment = new HashMap<>(WarSettings.asEnvironment(settings));
        int http = freshDomain(environment);
        asadmin(environment, "start-domain", "--domaindir", RUN.toString(), "domain1");
        ProcessHandle server = ProcessHandle.of(Long.parseLong(
                        Files.readString(DOMAIN.resolve("config").resolve("pid")).trim()))
                .orElseThrow(() -> new AssertionError("the domain's JVM has already gone; see " + log()));
        GlassFishDomain domain = new GlassFishDomain(environment, server,
                URI.create("http://127.0.0.1:" + http + "/ssehub/"));
        try {
            domain.deploy();
        } catch (Exception | AssertionError e) {
            domain.stop();
            throw e;
        }
        return domain;
    }

    /** The application's base URI, ending in '/'. */
    URI base() {
        return base;
    }

    ProcessHandle server() {
        return server;
    }

    /** The domain's server log. */
    static Path log() {
        return DOMAIN.resolve("logs").resolve("server.log");
    }

    /** The README's command. */
    void deploy() throws Exception {
        asadmin(environment, "deploy", "--contextroot", "ssehub", DeployedWar.builtWar().toString());
    }

    void undeploy() throws Exception {
        asadmin(environment, "undeploy", "ssehub");
    }

    /** Stops the domain, and its JVM by force if it has not gone within a minute. */
    void stop() throws Exception {
        try {
            asadmin(environment, "stop-domain", "--domaindir", RUN.toString(), "domain1");
        } finally {
            if (server.isAlive()) {
                try {
                    server.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException stuck) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** A copy of the distribution's domain1, every port moved to a free one; returns the HTTP port. */
    private static int freshDomain(Map<String, String> environment) throws IOException {
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

    private static void asadmin(Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = Stream.concat(
                Stream.of(HOME.resolve("bin").resolve("asadmin").toString(), "--interactive=false"),
                Stream.of(arguments)).toList();
        ServerCommand.run(command, environment, LOG, COMMAND_TIMEOUT);
    }
}
