package io.ssehub.war;

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
}
