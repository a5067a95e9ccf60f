package io.ssehub.runtime.servlet;

import io.ssehub.app.HubApplication;
import io.ssehub.config.HubConfig;
import io.ssehub.core.FatalErrors;
import io.ssehub.config.Setting;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import java.util.Collections;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;
import org.glassfish.jersey.server.spi.Container;

/**
 * {@link HubApplication} as a servlet container runs it, its streams written with the Servlet API's
 * non-blocking output ({@link ServletOutputs}) (named in {@code WEB-INF/web.xml}):
 * settings come from context parameters {@code ssehub.<name>} first, then, as embedded, from system properties and
 * environment variables. The client address comes from {@link ServletClientAddressFilter}, a servlet
 * filter {@code web.xml} declares ahead of this application. A class of its own so the embedded runtime
 * never needs the servlet API.
 *
 * <p>A client that leaves is not logged as Jersey's SEVERE error ({@link ClientDepartureLogFilter}).
 *
 * <p>The container's JVM is not the hub's to end: a fatal error fails the hub ({@code /health} answers
 * 503 {@code failed}) until the WAR is redeployed.
 */
public class ServletHubApplication extends HubApplication {

    /** Jersey's servlet container passes the servlet context to an application constructor that asks for it. */
    public ServletHubApplication(@Context ServletContext servletContext) {
        super(config(servletContext), FatalErrors.failingTheHub(),
                hub -> new ServletOutputs(NonBlockingOutputSupport.outputThreads(servletContext), hub.threadDeaths(),
                        hub.config().retryHint()));
        register(new AbstractContainerLifecycleListener() {
            private ClientDepartureLogFilter departures;

            @Override
            public void onStartup(Container container) {
                departures = ClientDepartureLogFilter.install();
            }

            @Override
            public void onShutdown(Container container) {
                if (departures != null) {
                    departures.uninstall();
                }
            }
        });
    }

    /**
     * Context parameters first, then as embedded. Every source is checked for names of ours that name no
     * setting before any is read, so a misspelt parameter stops the deployment rather than being ignored.
     */
    static HubConfig config(ServletContext servletContext) {
        Collections.list(servletContext.getInitParameterNames()).stream()
                .filter(name -> name.startsWith(Setting.PROPERTY_PREFIX)).sorted()
                .forEach(name -> Setting.requireKnown(name, Setting::propertyName));
        HubConfig.requireOnlyKnownSettingsInEnvironment();
        return HubConfig.from(setting -> {
            String parameter = servletContext.getInitParameter(setting.propertyName());
            return parameter != null ? parameter : HubConfig.environmentLookup(setting);
        });
    }
}
