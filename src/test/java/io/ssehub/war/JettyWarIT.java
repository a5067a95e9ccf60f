package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.LiveThreads;
import java.net.URI;
import java.util.List;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The built WAR on embedded Jetty 12 (ee10), in this JVM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyWarIT extends DeployedWarContract {

    private static final String CONTEXT_PATH = "/ssehub";

    private Server server;
    private Handler.Sequence contexts;
    private WebAppContext webapp;

    @Override
    DeployedWar deploy() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        contexts = new Handler.Sequence();
        server.setHandler(contexts);
        webapp = newWebapp();
        contexts.addHandler(webapp);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + "/");
        return new DeployedWar() {
            @Override
            public URI base() {
                return uri;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    private WebAppContext newWebapp() {
        WebAppContext context = new WebAppContext();
        context.setContextPath(CONTEXT_PATH);
        context.setWar(DeployedWar.builtWar().toString());
        context.setClassLoader(new WebAppClassLoader(ServerOnlyClassLoader.jetty(), context));
        DeployedWar.SETTINGS.forEach(context::setInitParameter);
        return context;
    }

    /** Runs last: it takes the deployment the other tests use down and puts it back twice. */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployAndTwoRedeploysLeaveNoHubThreadBehind() throws Exception {
        for (int round = 0; round < 2; round++) {
            undeploy();
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));

            webapp = newWebapp();
            contexts.addHandler(webapp);
            webapp.start();
            awaitSubscribers(0);
            assertEquals(200, get("health").statusCode(), "redeployed and serving");
        }
        undeploy();
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));
    }

    private void undeploy() throws Exception {
        webapp.stop();
        contexts.removeHandler(webapp);
        webapp.destroy();
    }
}
