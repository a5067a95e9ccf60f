package io.ssehub.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.ProtectedPathProbe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WAR on Tomcat, locked down: no spelling of a protected path gets past access control. */
class TomcatAccessBypassIT {

    // Threat: matrix parameters, encoded separators, dot segments and case variants reach a protected resource without a token in the WAR.
    @Test
    void noSpellingOfAProtectedPathAdmitsACallerWithoutATokenInTheWar() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of(
                "ssehub.auth.hmac.secret", "a-test-secret-of-at-least-32-bytes!!", "ssehub.tick.interval", "0"))) {
            assertEquals(401, ProtectedPathProbe.status(tomcat.base(), "POST", tomcat.base().getRawPath() + "events"),
                    "the locked-down WAR answers a token-less publish");
            assertEquals(List.of(), ProtectedPathProbe.admittedWithoutCredentials(tomcat.base(), List.of("events", "metrics")));
        }
    }
}
