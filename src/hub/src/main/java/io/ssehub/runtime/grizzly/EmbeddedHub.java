package io.ssehub.runtime.grizzly;

import io.ssehub.app.HubApplication;
import io.ssehub.config.HubConfig;
import io.ssehub.core.FatalErrors;
import io.ssehub.core.Hub;
import io.ssehub.jaxrs.BlockingSinkOutputs;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub on embedded Grizzly: what {@code ssehub serve} runs, and {@link #start} from code and tests. */
public final class EmbeddedHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHub.class);

    private final HttpServer server;
    private final HubApplication application;
    private final ConnectionDrain drain;

    private EmbeddedHub(HttpServer server, HubApplication application, ConnectionDrain drain) {
        this.server = server;
        this.application = application;
        this.drain = drain;
    }

    /**
     * Starts a hub listening on {@code config.host():config.port()} (port 0 picks a free port), sharing
     * the caller's JVM: a fatal error fails the hub, never the process.
     */
    public static EmbeddedHub start(HubConfig config) {
        return start(config, FatalErrors.failingTheHub());
    }

    /** @param fatalErrors what happens once the hub cannot go on ({@link FatalErrors#haltingTheProcess()} in main) */
    public static EmbeddedHub start(HubConfig config, FatalErrors fatalErrors) {
        // Streams are written straight to their connections; a client that stops reading is let go after
        // the write timeout once its stream has ended.
        HubApplication application = new HubApplication(config, fatalErrors, hub -> new GrizzlyOutputs(
                new BlockingSinkOutputs(hub.threadDeaths()), config.writeTimeout().toMillis()));
        application.register(new GrizzlyRequestFilter());
        URI base = URI.create("http://" + config.host() + ":" + config.port() + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, application, false);
        // Jersey's container goes behind the checks that must run before it reads a body.
        ServerConfiguration handlers = server.getServerConfiguration();
        Map.Entry<HttpHandler, HttpHandlerRegistration[]> jersey =
                handlers.getHttpHandlersWithMapping().entrySet().iterator().next();
        handlers.removeHttpHandler(jersey.getKey());
        handlers.addHttpHandler(new GuardedContainer((GrizzlyHttpContainer) jersey.getKey(),
                new DirectPublish(application.hub(), application.accessFilter()), config.maxDataBytes(),
                config.limits().batchMaxBytes(), config.bodyTimeout().toMillis()), jersey.getValue());
        NetworkListener listener = server.getListeners().iterator().next();
        // Requests are parsed on the selector threads, and GuardedContainer decides which go to a worker
        // (all but a plain publish, served in place). Grizzly drops the worker pool with this strategy: it
        // is set back as it was, for Jersey.
        ThreadPoolConfig workers = listener.getTransport().getWorkerThreadPoolConfig();
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        listener.getTransport().setWorkerThreadPoolConfig(workers);
        // One selector thread per core, where Grizzly's default is one more. A selector serves a plain publish
        // whole, writing its event to a few readers itself (see Lane), so the extra thread only takes turns with
        // the others on the same cores: on one core, publish4's p99 fell from 4.1 to 1.1 ms (bench/RESULTS.md).
        listener.getTransport().setSelectorRunnersCount(Runtime.getRuntime().availableProcessors());
        // Grizzly ends a keep-alive connection after 256 requests: a publisher sending thousands a second would
        // reconnect every few milliseconds for nothing. Its idle timeout still ends a connection left unused.
        listener.getKeepAlive().setMaxRequestsCount(-1);
        // Jersey's own writes (the greeting, the last chunk) may block a writer no longer than this.
        listener.getTransport().setWriteTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // Grizzly's default is four socket send buffers (about 10 MiB here) of heap per stalled client;
        // past this bound a stream's output is not ready and its events wait, bounded, in the hub.
        listener.getTransport().getAsyncQueueIO().getWriter().setMaxPendingBytesPerConnection(config.writeBufferBytes());
        if (config.socketSendBufferBytes() > 0) {
            listener.getTransport().getConnectionMonitoringConfig().addProbes(
                    new SendBufferBound(config.socketSendBufferBytes()));
        }
        ConnectionDrain drain = new ConnectionDrain();
        listener.registerAddOn(new HubCodecAddOn(drain));
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new IllegalStateException("cannot listen on " + base + ": " + e.getMessage(), e);
        }
        return new EmbeddedHub(server, application, drain);
    }

    public int port() {
        return server.getListeners().iterator().next().getPort();
    }

    public URI uri() {
        return URI.create("http://" + hostForUri() + ":" + port() + "/");
    }

    public Hub hub() {
        return application.hub();
    }

    /**
     * How much longer than its own grace Grizzly's graceful shutdown is waited for: it ends the application
     * (the hub's lanes, the outputs' pools) after the grace, and those take up to a few seconds themselves.
     */
    private static final long SHUTDOWN_SLACK_MILLIS = 5_000;

    /**
     * Stops taking connections, closes the idle ones, tells every stream when to come back and closes it
     * with its connection, then stops the server. So a client that comes back while the stop goes on finds
     * the port closed (a network error, which a browser's {@code EventSource} retries), never an answer
     * that {@code EventSource} takes as final. Idempotent.
     */
    @Override
    public void close() {
        for (NetworkListener listener : server.getListeners()) {
            listener.getTransport().unbindAll();
        }
        drain.drain();
        application.hub().stop();
        try {
            long grace = application.hub().config().shutdownGrace().toMillis();
            server.shutdown(grace, TimeUnit.MILLISECONDS).get(grace + SHUTDOWN_SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("graceful shutdown did not finish: {}", e.toString());
        } finally {
            server.shutdownNow();
        }
    }

    private String hostForUri() {
        String host = application.hub().config().host();
        return "0.0.0.0".equals(host) ? "localhost" : host;
    }
}
