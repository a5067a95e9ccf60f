package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.LiveThreads;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The built WAR on embedded Tomcat 10.1, in this JVM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatWarIT extends DeployedWarContract {

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
        URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT_PATH + "/");
        return new DeployedWar() {
            @Override
            public URI base() {
                return uri;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
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

    /** Runs last: it takes the deployment the other tests use down and puts it back twice. */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployAndTwoRedeploysLeaveNoHubThreadBehind() {
        for (int round = 0; round < 2; round++) {
            tomcat.getHost().removeChild(context);
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));

            context = addWar();
            awaitSubscribers(0);
            assertEquals(200, get("health").statusCode(), "redeployed and serving");
        }
        tomcat.getHost().removeChild(context);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));
    }
}
