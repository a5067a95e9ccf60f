package io.ssehub.client;

import java.io.BufferedInputStream;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

/**
 * Puts a {@link WakingInputStream} under the body of every request that carries a {@link StreamWatch}
 * (the subscription requests), before Jersey's {@code EventInput} reads it.
 */
final class WakingStreamFilter implements ClientResponseFilter {

    static final String WATCH = StreamWatch.class.getName();

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        // Not response.hasEntity(): it reads ahead, and on a quiet stream that read would time out unguarded.
        if (request.getProperty(WATCH) instanceof StreamWatch watch && response.getEntityStream() != null) {
            // Jersey's event parser reads byte by byte; the buffer keeps that off the locked JDK stream below.
            response.setEntityStream(new BufferedInputStream(new WakingInputStream(response.getEntityStream(), watch)));
        }
    }
}
