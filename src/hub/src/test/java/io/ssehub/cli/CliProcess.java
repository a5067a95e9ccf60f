package io.ssehub.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar target/ssehub-cli.jar …} as a real subprocess, its output in files so it never blocks
 * on a full pipe. Every wait has a limit; closing kills whatever is still running and deletes those files,
 * so every process is closed, even one that has exited. Before {@code mvn package} has built the jar,
 * {@link #startFromClassPath} runs the same entry point from this JVM's class path.
 */
public final class CliProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path JAR = Path.of("target", "ssehub-cli.jar");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static CliProcess start(String... args) {
        return start(Map.of(), args);
    }

    static CliProcess start(Map<String, String> environment, String... args) {
        return start(List.of(), environment, args);
    }

    /** @param jvmOptions given to {@code java} before {@code -jar}, such as {@code -Xmx64m} */
    static CliProcess start(List<String> jvmOptions, Map<String, String> environment, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: the integration tests run after `mvn package`");
        }
        List<String> entryPoint = new ArrayList<>(jvmOptions);
        entryPoint.addAll(List.of("-jar", JAR.toString()));
        return launch(environment, entryPoint, args);
    }

    /** {@code java -cp <this JVM's class path> io.ssehub.cli.SsehubCommand …}: the jar's entry point, unpackaged. */
    public static CliProcess startFromClassPath(Map<String, String> environment, String... args) {
        return launch(environment, List.of("-cp", System.getProperty("java.class.path"), SsehubCommand.class.getName()), args);
    }

    /**
     * A command line as a user types it, such as the README's run command, run in {@code directory} with
     * the settings given as environment variables.
     */
    static CliProcess startCommand(Path directory, Map<String, String> environment, List<String> command) {
        return spawn(command, directory, environment);
    }

    private static CliProcess launch(Map<String, String> environment, List<String> entryPoint, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived command starts faster without the optimising compiler.
                "-XX:TieredStopAtLevel=1"));
        command.addAll(entryPoint);
        command.addAll(List.of(args));
        return spawn(command, Path.of("."), environment);
    }

    private static CliProcess spawn(List<String> command, Path directory, Map<String, String> environment) {
        try {
            Path stdout = Files.createTempFile("ssehub-cli-", ".out");
            Path stderr = Files.createTempFile("ssehub-cli-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            return new CliProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs a command to its end and returns it, for its exit code and output: to be closed like any other. */
    static CliProcess run(String... args) {
        CliProcess process = start(args);
        process.awaitExit();
        return process;
    }

    public int awaitExit() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + WAIT + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    int exitCode() {
        return awaitExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (what Ctrl-C, systemd or Kubernetes send), then waits for the process to end. */
    int terminate() {
        process.destroy();
        return awaitExit();
    }

    /** Waits until a line of stdout matches, and returns it. */
    String awaitLine(Predicate<String> wanted) {
        return await().atMost(WAIT).until(
                () -> stdoutLines().stream().filter(wanted).findFirst().orElse(null),
                line -> line != null);
    }

    public String stdout() {
        return read(stdout);
    }

    List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the output of " + process.pid(), e);
        }
    }
}
