package io.ssehub.runtime.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ssehub.security.ClientAddress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServletClientAddressFilterTest {

    @Test
    void theRemoteAddressIsTheClientAddressAttributeBeforeJerseySeesTheRequest() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        ServletRequest request = (ServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "isAsyncStarted" -> false;
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        AtomicReference<Object> seenByJersey = new AtomicReference<>();
        FilterChain jersey = (ServletRequest passed, ServletResponse response) -> {
            assertSame(request, passed);
            seenByJersey.set(attributes.get(ClientAddress.PROPERTY));
        };

        new ServletClientAddressFilter().doFilter(request, null, jersey);

        assertEquals("192.0.2.7", seenByJersey.get());
    }
}
