package io.ssehub.runtime;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Serves requests that offer a protocol upgrade (such as {@code Upgrade: h2c}, which the JDK
 * {@code HttpClient} sends by default) as the plain HTTP/1.1 requests they also are.
 *
 * <p>Grizzly's codec treats every request carrying an {@code Upgrade} header as already upgraded and
 * stops decoding its body, so such a POST waits for a body that never arrives. The hub upgrades to
 * nothing, and RFC 9110 section 7.8 lets a server ignore the offer; this add-on swaps in a codec that does.
 */
final class IgnoreUpgradeRequests implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        HttpServerFilter original = (HttpServerFilter) builder.get(index);
        // The same arguments Grizzly's HttpServer passes when it builds the codec it replaces.
        int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1
                ? HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
                : listener.getMaxHttpHeaderSize();
        HttpServerFilter codec = new HttpServerFilter(listener.isChunkingEnabled(), maxHeaderSize, null,
                listener.getKeepAlive(), null, listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders()) {
            @Override
            protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
                httpHeader.getUpgradeDC().recycle();
            }
        };
        codec.setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
        codec.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        builder.set(index, codec);
    }
}
