package io.ssehub.war;

import io.ssehub.testing.StreamChurnContract;
import java.net.URI;
import java.util.Map;

/** Streams coming and going while events flow, on the built WAR in embedded Tomcat 10.1. */
class TomcatChurnIT extends StreamChurnContract {

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
