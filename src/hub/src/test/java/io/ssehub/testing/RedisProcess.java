package io.ssehub.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's, which the build installs when missing; the system property
 * {@code test.redis.server} names another binary) on an ephemeral loopback port, never 6379, with no
 * persistence: {@code --save '' --appendonly no}, or ({@link #startWithAof()}) with an append-only file
 * written before every reply ({@code appendfsync always}). Started with ProcessBuilder, stopped or killed
 * through its handle. {@link #restart()} starts a new server on the same port and directory, as an operator
 * restarting Redis would: empty without persistence, from its append-only file with it.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final List<String> persistence;
    private Process process;
    private RedisClient inspector;
    private StatefulRedisConnection<String, String> inspection;

    private RedisProcess(int port, Path dir, List<String> persistence) {
        this.port = port;
        this.dir = dir;
        this.persistence = persistence;
    }

    public static RedisProcess start() {
        return start(List.of("--appendonly", "no"));
    }

    /** A server that writes and syncs its append-only file before it answers each write. */
    public static RedisProcess startWithAof() {
        return start(List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    private static RedisProcess start(List<String> persistence) {
        try {
            RedisProcess redis = new RedisProcess(freePort(), Files.createTempDirectory("ssehub-redis"), persistence);
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException {
        String binary = System.getProperty("test.redis.server", "/usr/bin/redis-server");
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(),
                // DEBUG SLEEP stands for a Redis that hangs; only clients on loopback may send it.
                "--enable-debug-command", "local"));
        command.addAll(persistence);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the server is gone
            }
        }, "test-redis-output-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                synchronized (output) {
                    throw new AssertionError("redis-server did not get ready within " + READY_WITHIN + ":\n" + output);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** A connection of the test's own (named {@code test}), to look at what the hubs did. */
    public RedisCommands<String, String> inspect() {
        if (inspection == null) {
            inspector = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                    .withClientName("test").build());
            inspection = inspector.connect();
        }
        return inspection.sync();
    }

    /** Stops the server (SIGTERM: with no persistence, everything in it is lost) and waits until it is gone. */
    public void stop() {
        closeInspection();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills the server (SIGKILL: it writes nothing more) and waits until it is gone. */
    public void kill() {
        closeInspection();
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server outlived SIGKILL by 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops the server and starts a new one on the same port and directory (empty without persistence). */
    public void restart() {
        stop();
        relaunch();
    }

    /** Starts a new server on the same port and directory after {@link #stop()} or {@link #kill()}. */
    public void relaunch() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeInspection() {
        if (inspection != null) {
            inspection.close();
            inspector.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            inspection = null;
            inspector = null;
        }
    }

    @Override
    public void close() {
        stop();
        TempFiles.deleteTree(dir);
    }
}
