package io.ssehub.war;

import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on an ephemeral loopback port, running the built WAR with the given settings. */
final class EmbeddedJetty implements AutoCloseable {

    static final String CONTEXT_PATH = "/ssehub";

    private final Server server = new Server();
    private final Handler.Sequence contexts = new Handler.Sequence();
    private final Map<String, String> settings;
    private final ServerConnector connector;
    private WebAppContext webapp;

    private EmbeddedJetty(Map<String, String> settings) {
        this.settings = settings;
        this.connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
    }

    /** Starts Jetty with the WAR deployed, its context parameters set to {@code settings}. */
    static EmbeddedJetty start(Map<String, String> settings) throws Exception {
        EmbeddedJetty jetty = new EmbeddedJetty(settings);
        jetty.webapp = jetty.newWebapp();
        jetty.contexts.addHandler(jetty.webapp);
        jetty.server.start();
        return jetty;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + "/");
    }

    private WebAppContext newWebapp() {
        WebAppContext context = new WebAppContext();
        context.setContextPath(CONTEXT_PATH);
        context.setWar(DeployedWar.builtWar().toString());
        context.setClassLoader(new WebAppClassLoader(ServerOnlyClassLoader.jetty(), context));
        settings.forEach(context::setInitParameter);
        return context;
    }

    /** Deploys the WAR again at the same path. */
    void redeploy() throws Exception {
        webapp = newWebapp();
        contexts.addHandler(webapp);
        webapp.start();
    }

    void undeploy() throws Exception {
        webapp.stop();
        contexts.removeHandler(webapp);
        webapp.destroy();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
