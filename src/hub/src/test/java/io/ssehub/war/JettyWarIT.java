package io.ssehub.war;

/** The built WAR on embedded Jetty 12 (ee10), in this JVM. */
class JettyWarIT extends InProcessWarContract {

    private EmbeddedJetty jetty;

    @Override
    DeployedWar deploy() throws Exception {
        jetty = EmbeddedJetty.start(DeployedWar.SETTINGS);
        return DeployedWar.at(jetty.base(), jetty::close);
    }

    @Override
    void redeploy() throws Exception {
        jetty.redeploy();
    }

    @Override
    void undeploy() throws Exception {
        jetty.undeploy();
    }
}
