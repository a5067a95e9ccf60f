package io.ssehub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.SseStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, exactly as written there, run from the top of the repository as a newcomer
 * runs it (after the build, as on any machine that has built once): it says where the hub listens and that
 * access control is off, and the hub's tick arrives.
 */
class RunCommandIT {

    private static final Path TOP = Path.of("..", "..");
    /** The settings a newcomer would not give, here only so the test takes a free port. */
    private static final Map<String, String> FREE_PORT = Map.of("SSEHUB_PORT", "0", "SSEHUB_HOST", "127.0.0.1");

    // Defect: the README's `mvn -q compile exec:java` started the hub inside Maven, whose quiet mode
    // silenced the hub's log: no "listening on" line, no anonymous-mode warning, first event 9 to 28 s later.
    @Test
    void theReadmeRunCommandSaysWhereItListensWarnsOfAnonymousModeAndTicks() throws IOException {
        List<String> command = readmeRunCommand();
        try (CliProcess hub = CliProcess.startCommand(TOP, FREE_PORT, command)) {
            String line = hub.awaitLine(text -> text.startsWith("ssehub is listening on http://127.0.0.1:"));
            URI base = URI.create(line.substring("ssehub is listening on ".length()).split(" ")[0]);
            try (SseStream stream = SseStream.open(base.resolve("/events"))) {
                assertEquals("time", stream.nextEvent(Duration.ofSeconds(10)).type(), "the tick, within its second");
            }
            assertTrue(hub.stderr().contains("access control is OFF"), hub.stderr());
            assertFalse(hub.stderr().contains("building"), () -> "built again, though nothing changed: " + hub.stderr());
        }
    }

    // Defect: an invalid setting given to the run command ended in a Java stack trace.
    @Test
    void anInvalidSettingIsOneSentenceAndExitCode2() throws IOException {
        try (CliProcess hub = CliProcess.startCommand(TOP, Map.of("SSEHUB_PORT", "not-a-port"), readmeRunCommand())) {
            assertEquals(ExitCodes.USAGE, hub.awaitExit());
            assertTrue(hub.stderr().contains("port"), hub.stderr());
            assertFalse(hub.stderr().contains("\tat "), () -> "a stack trace: " + hub.stderr());
        }
    }

    /** The first line of the first shell block under the README's "Run" heading. */
    private static List<String> readmeRunCommand() throws IOException {
        String readme = Files.readString(TOP.resolve("README.md"));
        String run = readme.substring(readme.indexOf("\n## Run\n"));
        String block = run.substring(run.indexOf("```sh\n") + "```sh\n".length());
        String command = block.substring(0, block.indexOf('\n'));
        assertTrue(command.startsWith("src/ssehub "), "the run command is the launcher: " + command);
        return Arrays.asList(command.split(" "));
    }
}
