package io.ssehub.runtime.servlet;

import io.ssehub.jaxrs.ResponseCustody;
import io.ssehub.security.ClientAddress;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The client address in a servlet container (declared in {@code WEB-INF/web.xml} ahead of Jersey's
 * servlet): a servlet filter puts the servlet request's remote address in the request attribute
 * {@link ClientAddress#PROPERTY}, and JAX-RS shows a servlet request's attributes as the request's
 * properties (the {@code ContainerRequestContext#getProperty} contract), so {@link ClientAddress#of}
 * finds it.
 *
 * <p>Not a JAX-RS filter reading the servlet request through Jersey: an injected {@code HttpServletRequest}
 * is an HK2 proxy that must see both the server's servlet API and the application's HK2, which a
 * container's class loaders keep apart ("ProxyCtl ... is not visible"), and the unproxied reference is
 * Jersey-internal. Without this filter every caller counts as {@link ClientAddress#UNKNOWN}: one shared
 * address, so the per-address limits are stricter, never looser.
 *
 * <p>The same filter, being the one web.xml puts around every request, keeps the custody of a stream's
 * response ({@link ServletResponseCustody}): the hub writes only once the request's dispatch has returned
 * here, and never after the container has ended the response, so the container's threads and the hub's
 * writers never use a response at once, nor the hub a response recycled for another request.
 */
public final class ServletClientAddressFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(ClientAddress.PROPERTY, request.getRemoteAddr());
        ServletResponseCustody custody = new ServletResponseCustody(response);
        request.setAttribute(ResponseCustody.PROPERTY, custody);
        try {
            custody.serve(() -> chain.doFilter(request, response));
        } finally {
            watchAsyncEnd(request, custody);
            custody.handOver();
        }
    }

    /** Adding a listener is allowed until the dispatch that started async returns: that is now. */
    private static void watchAsyncEnd(ServletRequest request, ServletResponseCustody custody) {
        if (!request.isAsyncStarted()) {
            // Not a stream, or one already ended during its dispatch: nobody may use the response later.
            custody.takeBack();
            return;
        }
        try {
            request.getAsyncContext().addListener(custody);
        } catch (IllegalStateException ended) {
            custody.takeBack();
            return;
        }
        custody.openNonBlockingOutput();
    }
}
