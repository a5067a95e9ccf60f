package io.ssehub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.runtime.grizzly.EmbeddedHub;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, {@code mvn -q compile exec:java}, runs {@link EmbeddedHub#main} inside Maven,
 * whose quiet mode silences INFO logging: where the hub listens must be said on standard output.
 */
class RunCommandTest {

    // Defect: `mvn -q compile exec:java` started the hub and printed nothing, not even where it listens.
    @Test
    void theEmbeddedMainSaysWhereItListensOnStandardOutput() {
        try (CliProcess hub = CliProcess.startMain(EmbeddedHub.class,
                Map.of("SSEHUB_PORT", "0", "SSEHUB_HOST", "127.0.0.1", "SSEHUB_TICK_INTERVAL", "0"))) {
            String line = hub.awaitLine(text -> text.startsWith("ssehub is listening on http://127.0.0.1:"));
            assertTrue(line.contains("events") && line.contains("health"), line);
        }
    }

    // Defect: under `mvn -q`, which silences the hub's log, nothing said that anyone may publish and subscribe.
    @Test
    void theEmbeddedMainSaysOnStandardOutputThatAccessControlIsOff() {
        try (CliProcess hub = CliProcess.startMain(EmbeddedHub.class,
                Map.of("SSEHUB_PORT", "0", "SSEHUB_HOST", "127.0.0.1", "SSEHUB_TICK_INTERVAL", "0"))) {
            String line = hub.awaitLine(text -> text.startsWith("ssehub: access control is OFF"));
            assertTrue(line.contains("auth.hmac.secret"), line);
        }
    }

    // Defect: an invalid setting given to the embedded main ended in a Java stack trace.
    @Test
    void anInvalidSettingIsOneSentenceAndExitCode2() {
        try (CliProcess hub = CliProcess.startMain(EmbeddedHub.class, Map.of("SSEHUB_PORT", "not-a-port"))) {
            assertEquals(ExitCodes.USAGE, hub.awaitExit());
            assertTrue(hub.stderr().contains("port"), hub.stderr());
            assertFalse(hub.stderr().contains("\tat "), () -> "a stack trace: " + hub.stderr());
        }
    }
}
