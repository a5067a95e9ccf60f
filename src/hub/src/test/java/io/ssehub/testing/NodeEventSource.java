package io.ssehub.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stream read by npm's {@code eventsource} package in a real Node process (src/test/node/event-lines.mjs),
 * one line per event on its standard output. The package is installed from the npm registry into
 * {@code target/npm} the first time a version is asked for.
 */
public final class NodeEventSource implements AutoCloseable {

    private static final Path NPM = Path.of("target", "npm");
    private static final Path SCRIPT = Path.of("src", "test", "node", "event-lines.mjs");
    private static final long INSTALL_MINUTES = 3;

    private final Process node;
    private final Path output;

    private NodeEventSource(Process node, Path output) {
        this.node = node;
        this.output = output;
    }

    /** Opens {@code stream} with {@code eventsource@version}, printing the events of {@code types}. */
    public static NodeEventSource open(String version, URI stream, String... types) throws IOException {
        Path packageDir = install(version);
        Path output = Files.createTempFile("ssehub-node-", ".out");
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(), packageDir.toAbsolutePath().toString(),
                stream.toString()));
        command.addAll(List.of(types));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new NodeEventSource(node, output);
    }

    /** The lines printed so far: {@code "<type> <lastEventId>"} per event, {@code "closed"} if it gave up. */
    public List<String> lines() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path install(String version) throws IOException {
        Path prefix = NPM.resolve("eventsource-" + version);
        Path packageDir = prefix.resolve("node_modules").resolve("eventsource");
        if (Files.isRegularFile(packageDir.resolve("package.json"))) {
            return packageDir;
        }
        // Never inheritIO here: the test JVM's stdin and stdout are the test runner's command and event channels,
        // and a child that reads or writes them corrupts the fork's protocol (failsafe then fails the build).
        Path log = Files.createTempFile("ssehub-npm-", ".log");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix",
                prefix.toString(), "eventsource@" + version)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IOException("npm install eventsource@" + version + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted installing eventsource@" + version, e);
        } finally {
            // Read above if npm failed; otherwise of no use once the install is done.
            Files.deleteIfExists(log);
        }
        return packageDir;
    }

    @Override
    public void close() {
        node.destroyForcibly();
        try {
            node.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // Read only while the reader runs: left behind, every run adds one to /tmp.
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + output, e);
        }
    }
}
