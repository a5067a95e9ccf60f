package io.ssehub.war;

import java.net.URI;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The built WAR on embedded Jetty 12 (ee10), in this JVM. */
class JettyWarIT extends InProcessWarContract {

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
        return DeployedWar.at(URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + "/"),
                server::stop);
    }

    private WebAppContext newWebapp() {
        WebAppContext context = new WebAppContext();
        context.setContextPath(CONTEXT_PATH);
        context.setWar(DeployedWar.builtWar().toString());
        context.setClassLoader(new WebAppClassLoader(ServerOnlyClassLoader.jetty(), context));
        DeployedWar.SETTINGS.forEach(context::setInitParameter);
        return context;
    }

    @Override
    void redeploy() throws Exception {
        webapp = newWebapp();
        contexts.addHandler(webapp);
        webapp.start();
    }

    @Override
    void undeploy() throws Exception {
        webapp.stop();
        contexts.removeHandler(webapp);
        webapp.destroy();
    }
}
