package io.ssehub.war;

import io.ssehub.testing.TempFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 10.1 on an ephemeral loopback port, running the built WAR with the given settings. */
final class EmbeddedTomcat implements AutoCloseable {

    static final String CONTEXT_PATH = "/ssehub";

    private final Tomcat tomcat = new Tomcat();
    private final Map<String, String> settings;
    private final Path base;
    private Context context;

    private EmbeddedTomcat(Map<String, String> settings, Path base) {
        this.settings = settings;
        this.base = base;
    }

    /** Starts Tomcat with the WAR deployed, its context parameters set to {@code settings}. */
    static EmbeddedTomcat start(Map<String, String> settings) throws Exception {
        EmbeddedTomcat server = new EmbeddedTomcat(settings, Files.createTempDirectory("tomcat"));
        // Tomcat expects its appBase to exist; the default web.xml would drag in Jasper, which is not here.
        Files.createDirectories(server.base.resolve("webapps"));
        server.tomcat.setBaseDir(server.base.toString());
        server.tomcat.setHostname("127.0.0.1");
        server.tomcat.setPort(0);
        server.tomcat.getConnector().setProperty("address", "127.0.0.1");
        server.tomcat.getHost().setAutoDeploy(false);
        server.tomcat.setAddDefaultWebXmlToWebapp(false);
        server.deploy();
        server.tomcat.start();
        return server;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT_PATH + "/");
    }

    void undeploy() {
        tomcat.getHost().removeChild(context);
    }

    /**
     * Runs {@code hook} as the deployed context stops, before any of its servlets is destroyed, so before the
     * hub hears of the undeploy. By then Tomcat has marked the context unavailable, which is what has its
     * timer end the open async requests.
     */
    void beforeServletsStop(Runnable hook) {
        for (Container servlet : context.findChildren()) {
            servlet.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_STOP_EVENT.equals(event.getType())) {
                    hook.run();
                }
            });
        }
    }

    /**
     * What {@code Tomcat.addWebapp} does, but with the class loader and parameters set before the host
     * starts the context (it starts a context as soon as it is added, once Tomcat runs).
     */
    void deploy() {
        StandardContext added = new StandardContext();
        added.setName(CONTEXT_PATH);
        added.setPath(CONTEXT_PATH);
        added.setDocBase(DeployedWar.builtWar().toString());
        added.addLifecycleListener(new ContextConfig());
        added.setParentClassLoader(ServerOnlyClassLoader.tomcat());
        settings.forEach(added::addParameter);
        tomcat.getHost().addChild(added);
        context = added;
    }

    @Override
    public void close() throws LifecycleException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            // The base holds the WAR as Tomcat unpacked it, about 21 MB: left behind, every run adds one to /tmp.
            TempFiles.deleteTree(base);
        }
    }
}
