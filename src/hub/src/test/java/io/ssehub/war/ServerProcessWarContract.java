package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ssehub.fanout.HubThreads;
import io.ssehub.testing.SseStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A full application server run as its own process, as a user runs it: besides the contract, the hub
 * logs into the server's log at its own level, and undeploying ends every stream and leaves no hub thread
 * in the server's JVM (read from a thread dump, {@code jcmd Thread.print}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServerProcessWarContract extends DeployedWarContract {

    /** How long the server may take to write a logged line to its log file. */
    private static final Duration LOG_WAIT = Duration.ofSeconds(60);

    private static final Pattern THREAD_NAME = Pattern.compile("^\"([^\"]*)\"", Pattern.MULTILINE);
    /** Threads of the Java client share the prefix but are not the hub's. */
    private static final String CLIENT_PREFIX = HubThreads.PREFIX + "client-";

    /** Takes the application out of the running server, as a user would. */
    abstract void undeploy() throws Exception;

    /** Deploys the WAR again at the same path, as a user would; returns once it serves. */
    abstract void redeploy() throws Exception;

    /** The server's JVM. */
    abstract ProcessHandle server();

    /** The server's own log file. */
    abstract Path serverLog();

    /** How the server's log shows the hub's INFO line "hub started". */
    abstract Pattern hubStartedAtInfo();

    /** How the server's log shows a line at its highest level (SEVERE, ERROR). */
    abstract Pattern errorLine();

    /** Whether the server's log holds the server's own first lines, written as it starts (before any deployment). */
    boolean serverLoggedItsOwnStart() throws IOException {
        return true;
    }

    /**
     * Runs after the contract's tests, an aborting client's among them: the hub's INFO is INFO in the
     * server's own log, and nothing the hub or its clients did put an error there.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void theHubLogsIntoTheServerLogAtItsOwnLevelAndNoErrors() throws IOException {
        // The server writes its log from a queue of its own (GlassFish's handler lags seconds behind on a
        // loaded machine): wait for the hub's start to reach the file, then read everything written by then.
        try {
            await().atMost(LOG_WAIT).until(() -> hubStartedAtInfo().matcher(serverLogText()).find());
        } catch (ConditionTimeoutException e) {
            // A server whose own log never started cannot show the hub's: that is the server's failure, seen
            // before anything of the hub was deployed, and this test has nothing to check. A server that logs
            // its own start and not the hub's fails below.
            assumeTrue(serverLoggedItsOwnStart(), "the server never wrote a line of its own to " + serverLog()
                    + ": its logging did not start, so the hub's cannot be checked there");
        }
        String log = serverLogText();
        assertTrue(hubStartedAtInfo().matcher(log).find(), "the hub's start, at INFO, in " + serverLog());
        Matcher error = errorLine().matcher(log);
        if (error.find()) {
            throw new AssertionError("an error in " + serverLog() + ":\n"
                    + log.substring(error.start(), Math.min(log.length(), error.start() + 2000)));
        }
    }

    private String serverLogText() throws IOException {
        return Files.readString(serverLog(), StandardCharsets.UTF_8);
    }

    /** Runs last: it takes the deployment the other tests use down and puts it back. */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployEndsEveryStreamAndLeavesNoHubThreadBehind() throws Exception {
        assertFalse(hubThreadsInServer().isEmpty(), "the deployed hub's threads show in the server's thread dump");
        try (SseStream stream = liveStream("events?topic=undeploy")) {
            undeploy();
            List<SseStream.Block> rest = stream.untilEnd(WAIT);
            assertTrue(rest.stream().anyMatch(block -> block.field("retry") != null),
                    "the stream's last word is when to come back: " + rest);
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), hubThreadsInServer()));
        assertEquals(404, get("health").statusCode(), "undeployed");

        redeploy();
        assertEquals(200, get("health").statusCode(), "redeployed and serving");
    }

    private List<String> hubThreadsInServer() throws IOException, InterruptedException {
        Path dump = Files.createTempFile("threads", ".txt");
        try {
            ServerCommand.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(server().pid()), "Thread.print"), Map.of(), dump, Duration.ofSeconds(30));
            Matcher names = THREAD_NAME.matcher(Files.readString(dump, StandardCharsets.UTF_8));
            return names.results().map(name -> name.group(1))
                    .filter(name -> name.startsWith(HubThreads.PREFIX) && !name.startsWith(CLIENT_PREFIX))
                    .sorted().toList();
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
