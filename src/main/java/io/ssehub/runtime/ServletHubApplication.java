package io.ssehub.runtime;

import io.ssehub.config.HubConfig;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;

/**
 * {@link HubApplication} as a servlet container runs it (named in {@code WEB-INF/web.xml}): settings come
 * from context parameters {@code ssehub.<name>} first, then, as embedded, from system properties and
 * environment variables. The client address comes from {@link ServletClientAddressFilter}, a servlet
 * filter {@code web.xml} declares ahead of this application. A class of its own so the embedded runtime never needs the servlet API.
 *
 * <p>The container's JVM is not the hub's to end: a fatal error fails the hub ({@code /health} answers
 * 503 {@code failed}) until the WAR is redeployed.
 */
public class ServletHubApplication extends HubApplication {

    /** Jersey's servlet container passes the servlet context to an application constructor that asks for it. */
    public ServletHubApplication(@Context ServletContext servletContext) {
        super(HubConfig.from(name -> {
            String parameter = servletContext.getInitParameter("ssehub." + name);
            return parameter != null ? parameter : HubConfig.environmentLookup(name);
        }), FatalErrors.failingTheHub());
    }
}
