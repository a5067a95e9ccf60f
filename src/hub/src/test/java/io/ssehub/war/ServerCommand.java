package io.ssehub.war;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application server's own command-line tool (asadmin, standalone.sh), run as a separate process the way
 * a user runs it: its output appended to a log file, its standard input empty (never the test JVM's: that
 * is failsafe's command channel).
 */
final class ServerCommand {

    private static final File NO_INPUT = new File("/dev/null");

    private ServerCommand() {
    }

    /** Starts {@code command} and returns at once; the caller owns the process. */
    static Process start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(NO_INPUT)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs {@code command} to its end; an AssertionError, quoting the log, unless it ends with 0 in time. */
    static void run(List<String> command, Map<String, String> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process process = start(command, environment, log);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not end within " + timeout + ":\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " ended with " + process.exitValue() + ":\n" + tail(log));
        }
    }

    /** A server that takes its port numbers from us: one the OS just handed out is as close to port 0 as it gets. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The end of a log, for a failure message. */
    static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
