package io.ssehub.war;

import io.ssehub.testing.StreamChurnContract;
import java.net.URI;
import java.util.Map;

/** Streams coming and going while events flow, on the built WAR in the full GlassFish 7 distribution. */
class GlassFishChurnIT extends StreamChurnContract {

    private GlassFishDomain domain;

    @Override
    protected URI start(Map<String, String> settings) throws Exception {
        domain = GlassFishDomain.start(WarSettings.asContextParameters(settings));
        return domain.base();
    }

    @Override
    protected void stop() throws Exception {
        domain.stop();
    }
}
