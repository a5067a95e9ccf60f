package io.ssehub.war;

import io.ssehub.testing.StalledClientsContract;
import java.net.URI;
import java.util.Map;

/** Clients that stop reading, on the built WAR in embedded Jetty 12 (ee10): they cost no thread and are cut. */
class JettyStalledClientsIT extends StalledClientsContract {

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
