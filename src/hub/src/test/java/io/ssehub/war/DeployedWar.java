package io.ssehub.war;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A server running the built WAR file (not the classes): where it answers, and how to take it down. */
interface DeployedWar extends AutoCloseable {

    /** The WAR `mvn package` built; integration tests run after it exists. */
    static Path builtWar() {
        Path war = Path.of("target", "ssehub.war").toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run the integration tests through `mvn verify`");
        }
        return war;
    }

    /** Settings every deployment under test gets (as context parameters or system properties). */
    Map<String, String> SETTINGS = Map.of(
            "ssehub.heartbeat.interval", "200ms",
            "ssehub.tick.interval", "200ms",
            "ssehub.retry", "500ms");

    /** The application's base URI, ending in '/'. */
    URI base();

    @Override
    void close() throws Exception;

    /** How a server is taken down. */
    @FunctionalInterface
    interface Shutdown {
        void run() throws Exception;
    }

    static DeployedWar at(URI base, Shutdown shutdown) {
        return new DeployedWar() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() throws Exception {
                shutdown.run();
            }
        };
    }
}
