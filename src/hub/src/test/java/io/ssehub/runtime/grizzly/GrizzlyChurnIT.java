package io.ssehub.runtime.grizzly;

import io.ssehub.testing.StreamChurnContract;
import io.ssehub.testing.TestHub;
import java.net.URI;
import java.util.Map;

/** Streams coming and going while events flow, on the embedded runtime (Grizzly). */
class GrizzlyChurnIT extends StreamChurnContract {

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
