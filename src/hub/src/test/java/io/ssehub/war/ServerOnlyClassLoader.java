package io.ssehub.war;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent class loader a web application sees inside a real server: the JDK, the servlet API and the
 * server's own classes, and nothing else of this test JVM's class path. Without it the WAR's Jersey would
 * also find this JVM's Jersey service files (jersey-test-framework brings jersey-media-jaxb) and fail on
 * classes from two loaders; a real container has no such second Jersey.
 */
final class ServerOnlyClassLoader extends ClassLoader {

    private final ClassLoader server;
    private final List<String> serverPackages;

    ServerOnlyClassLoader(ClassLoader server, List<String> serverPackages) {
        super(ClassLoader.getPlatformClassLoader());
        this.server = server;
        this.serverPackages = serverPackages;
    }

    static ServerOnlyClassLoader tomcat() {
        return new ServerOnlyClassLoader(ServerOnlyClassLoader.class.getClassLoader(),
                List.of("jakarta.servlet.", "org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.",
                        "org.apache.juli.", "org.apache.naming."));
    }

    static ServerOnlyClassLoader jetty() {
        return new ServerOnlyClassLoader(ServerOnlyClassLoader.class.getClassLoader(),
                List.of("jakarta.servlet.", "org.eclipse.jetty."));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isServer(name)) {
            return server.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isServer(name.replace('/', '.')) ? server.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isServer(name.replace('/', '.')) ? server.getResources(name) : Collections.emptyEnumeration();
    }

    private boolean isServer(String name) {
        return serverPackages.stream().anyMatch(name::startsWith);
    }
}
