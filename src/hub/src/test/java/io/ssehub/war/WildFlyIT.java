package io.ssehub.war;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The built WAR on WildFly ({@link WildFlyServer}), deployed, undeployed and redeployed as the README says.
 *
 * <p>JAX-RS is the Jersey inside the WAR, not WildFly's RESTEasy ({@code WEB-INF/jboss-deployment-structure.xml}).
 */
class WildFlyIT extends ServerProcessWarContract {

    private WildFlyServer wildFly;

    @Override
    DeployedWar deploy() throws Exception {
        wildFly = WildFlyServer.start("wildfly-run", WarSettings.asEnvironment(DeployedWar.SETTINGS));
        return wildFly;
    }

    @Override
    void undeploy() throws Exception {
        wildFly.undeploy();
    }

    @Override
    void redeploy() throws Exception {
        wildFly.redeploy();
    }

    @Override
    ProcessHandle server() {
        return wildFly.jvm();
    }

    @Override
    Path serverLog() {
        return wildFly.log();
    }

    /** WildFly's log: {@code 18:57:02,920 INFO  [io.ssehub.core.Hub] (ServerService Thread Pool -- 84) hub started}. */
    @Override
    Pattern hubStartedAtInfo() {
        return Pattern.compile("INFO +\\[io\\.ssehub\\.core\\.Hub] \\([^)]*\\) hub started");
    }

    @Override
    Pattern errorLine() {
        return WildFlyServer.ERROR_LINE;
    }
}
