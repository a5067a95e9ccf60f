package io.ssehub.runtime.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssehub.config.InvalidSettingException;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServletHubApplicationTest {

    /** A servlet context that answers only for its init parameters, which is all the settings are read from. */
    private static ServletContext withParameters(Map<String, String> parameters) {
        return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInitParameterNames" -> Collections.enumeration(parameters.keySet());
                    case "getInitParameter" -> parameters.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void contextParametersSetTheHub() {
        assertEquals(Duration.ofSeconds(5),
                ServletHubApplication.config(withParameters(Map.of("ssehub.retry", "5s"))).retryHint());
    }

    @Test
    void anUnknownContextParameterOfOursStopsTheDeploymentNamingItAndTheNearestKnownOne() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> ServletHubApplication.config(
                withParameters(Map.of("ssehub.heartbeat.intervall", "5s"))));

        assertEquals("unknown setting 'ssehub.heartbeat.intervall'; did you mean 'heartbeat.interval'?",
                refused.getMessage());
    }

    @Test
    void contextParametersNotOursAreLeftToTheirOwners() {
        assertEquals(Duration.ofSeconds(5), ServletHubApplication.config(withParameters(
                Map.of("ssehub.retry", "5s", "org.eclipse.jetty.servlet.Default.dirAllowed", "false"))).retryHint());
    }
}
