package io.ssehub.runtime.grizzly;

import io.ssehub.testing.StalledClientsContract;
import io.ssehub.testing.TestHub;
import java.net.URI;
import java.util.Map;

/** Clients that stop reading, on the embedded runtime (Grizzly): they cost no thread and are cut. */
class GrizzlyStalledClientsIT extends StalledClientsContract {

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
