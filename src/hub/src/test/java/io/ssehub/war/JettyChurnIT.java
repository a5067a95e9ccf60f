package io.ssehub.war;

import io.ssehub.testing.StreamChurnContract;
import java.net.URI;
import java.util.Map;

/** Streams coming and going while events flow, on the built WAR in embedded Jetty 12 (ee10). */
class JettyChurnIT extends StreamChurnContract {

    private EmbeddedJetty jetty;

    @Override
    protected URI start(Map<String, String> settings) throws Exception {
        jetty = EmbeddedJetty.start(WarSettings.asContextParameters(settings));
        return jetty.base();
    }

    @Override
    protected void stop() throws Exception {
        jetty.close();
    }
}
