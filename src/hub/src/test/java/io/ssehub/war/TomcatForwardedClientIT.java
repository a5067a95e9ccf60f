package io.ssehub.war;

import io.ssehub.testing.ForwardedClientContract;
import java.net.URI;
import java.util.Map;

/** Client addresses behind a trusted proxy, on the built WAR in embedded Tomcat 10.1. */
class TomcatForwardedClientIT extends ForwardedClientContract {

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
