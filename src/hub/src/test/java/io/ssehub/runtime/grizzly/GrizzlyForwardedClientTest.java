package io.ssehub.runtime.grizzly;

import io.ssehub.testing.ForwardedClientContract;
import io.ssehub.testing.TestHub;
import java.net.URI;
import java.util.Map;

/** Client addresses behind a trusted proxy, on the embedded runtime (Grizzly). */
class GrizzlyForwardedClientTest extends ForwardedClientContract {

    private TestHub hub;

    @Override
    protected URI start(Map<String, String> settings) {
        hub = TestHub.start(settings);
        return hub.uri();
    }

    @Override
    protected void stop() {
        hub.close();
    }
}
