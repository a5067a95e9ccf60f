package io.ssehub.war;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The built WAR on the full GlassFish 7 distribution, deployed with the README's command ({@link GlassFishDomain}). */
class GlassFishIT extends ServerProcessWarContract {

    private GlassFishDomain domain;

    @Override
    DeployedWar deploy() throws Exception {
        domain = GlassFishDomain.start(DeployedWar.SETTINGS);
        return DeployedWar.at(domain.base(), domain::stop);
    }

    /** The README's command. */
    @Override
    void redeploy() throws Exception {
        domain.deploy();
    }

    @Override
    void undeploy() throws Exception {
        domain.undeploy();
    }

    @Override
    ProcessHandle server() {
        return domain.server();
    }

    @Override
    Path serverLog() {
        return GlassFishDomain.log();
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

    /**
     * The server's first lines follow its launcher's: the logging service's "Running GlassFish Version". Now and
     * then, on a loaded machine, GlassFish 7.0.20 starts with its own logging dead and writes none, though it
     * serves (its log keeps the launcher's lines only).
     */
    @Override
    boolean serverLoggedItsOwnStart() throws IOException {
        return Files.readString(serverLog(), StandardCharsets.UTF_8).contains("NCLS-LOGGING-00009");
    }
}
