package io.ssehub.testing;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A contract that every runtime (embedded Grizzly, each servlet container) must keep: a subclass binds it to
 * one server, which is started once with the contract's settings for all of its tests and stopped after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerContract {

    private URI base;

    /** Starts the server with {@code settings} applied; answers the application's base URI, ending in '/'. */
    protected abstract URI start(Map<String, String> settings) throws Exception;

    protected abstract void stop() throws Exception;

    /** The settings the contract's tests are written for. */
    abstract Map<String, String> settings();

    /** The application's base URI, ending in '/'. */
    protected final URI base() {
        return base;
    }

    @BeforeAll
    void startServer() throws Exception {
        base = start(settings());
    }

    @AfterAll
    void stopServer() throws Exception {
        stop();
    }
}
