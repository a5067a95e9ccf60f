package io.ssehub.war;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;

/** The built WAR on embedded Tomcat 10.1, in this JVM. */
class TomcatWarIT extends InProcessWarContract {

    private static final String CONTEXT_PATH = "/ssehub";

    private Tomcat tomcat;
    private Context context;

    @Override
    DeployedWar deploy() throws Exception {
        Path base = Files.createTempDirectory("tomcat");
        // Tomcat expects its appBase to exist; the default web.xml would drag in Jasper, which is not here.
        Files.createDirectories(base.resolve("webapps"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost().setAutoDeploy(false);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        context = addWar();
        tomcat.start();
        return DeployedWar.at(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT_PATH + "/"),
                () -> {
                    tomcat.stop();
                    tomcat.destroy();
                });
    }

    @Override
    void undeploy() {
        tomcat.getHost().removeChild(context);
    }

    @Override
    void redeploy() {
        context = addWar();
    }

    /**
     * What {@code Tomcat.addWebapp} does, but with the class loader and parameters set before the host
     * starts the context (it starts a context as soon as it is added, once Tomcat runs).
     */
    private Context addWar() {
        StandardContext added = new StandardContext();
        added.setName(CONTEXT_PATH);
        added.setPath(CONTEXT_PATH);
        added.setDocBase(DeployedWar.builtWar().toString());
        added.addLifecycleListener(new ContextConfig());
        added.setParentClassLoader(ServerOnlyClassLoader.tomcat());
        DeployedWar.SETTINGS.forEach(added::addParameter);
        tomcat.getHost().addChild(added);
        return added;
    }

}
