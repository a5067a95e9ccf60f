package io.ssehub.war;

/** The built WAR on embedded Tomcat 10.1, in this JVM. */
class TomcatWarIT extends InProcessWarContract {

    private EmbeddedTomcat tomcat;

    @Override
    DeployedWar deploy() throws Exception {
        tomcat = EmbeddedTomcat.start(DeployedWar.SETTINGS);
        return DeployedWar.at(tomcat.base(), tomcat::close);
    }

    @Override
    void undeploy() {
        tomcat.undeploy();
    }

    @Override
    void redeploy() {
        tomcat.deploy();
    }
}
