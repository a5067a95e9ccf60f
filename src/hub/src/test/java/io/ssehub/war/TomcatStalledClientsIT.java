package io.ssehub.war;

import io.ssehub.testing.StalledClientsContract;
import java.net.URI;
import java.util.Map;

/** Clients that stop reading, on the built WAR in embedded Tomcat 10.1: they cost no thread and are cut. */
class TomcatStalledClientsIT extends StalledClientsContract {

    private EmbeddedTomcat tomcat;

    @Override
    protected URI start(Map<String, String> settings) throws Exception {
        tomcat = EmbeddedTomcat.start(WarSettings.asContextParameters(settings));
        return tomcat.base();
    }

    @Override
    protected void stop() throws Exception {
        tomcat.close();
    }
}
