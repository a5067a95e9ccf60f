package io.ssehub.api;

import io.ssehub.config.HubConfig;
import io.ssehub.runtime.grizzly.EmbeddedHub;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.test.spi.TestContainer;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/**
 * Every test of {@link BadInputTest} against the embedded server as {@code ssehub serve} runs it, where a
 * plain publish is served without Jersey ({@code DirectPublish}): each refusal must be the same on both paths,
 * and nothing refused on one may be published on the other.
 */
class BadInputOnEmbeddedHubTest extends BadInputTest {

    /** Nothing: the embedded hub is the application; one built here would never be started nor stopped. */
    @Override
    protected Application configure() {
        return new Application();
    }

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return (baseUri, deployment) -> new EmbeddedContainer();
    }

    /** The embedded hub with {@link BadInputTest#SETTINGS}, on a free port of the loopback address. */
    private static final class EmbeddedContainer implements TestContainer {

        private EmbeddedHub hub;

        @Override
        public ClientConfig getClientConfig() {
            return null;
        }

        @Override
        public URI getBaseUri() {
            return hub.uri();
        }

        @Override
        public void start() {
            Map<String, String> settings = new HashMap<>(SETTINGS);
            settings.put("host", "127.0.0.1");
            settings.put("port", "0");
            hub = EmbeddedHub.start(HubConfig.from(settings));
        }

        @Override
        public void stop() {
            hub.close();
        }
    }
}
