package io.ssehub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw event stream read over the JDK HTTP client, line by line, so tests see exactly what went on the
 * wire: comments and retry-only frames included. Each blank-line-terminated block becomes one {@link Block}.
 */
public final class SseStream implements AutoCloseable {

    /** One blank-line-terminated block of lines, parsed into the fields tests look at. */
    public record Block(List<String> lines) {

        public String field(String name) {
            String prefix = name + ": ";
            StringBuilder value = null;
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    if (value == null) {
                        value = new StringBuilder(line.substring(prefix.length()));
                    } else {
                        value.append('\n').append(line.substring(prefix.length()));
                    }
                }
            }
            return value == null ? null : value.toString();
        }

        public String id() {
            return field("id");
        }

        public String type() {
            return field("event");
        }

        public String data() {
            return field("data");
        }

        public boolean isEvent() {
            return data() != null;
        }
    }

    private static final Block END = new Block(List.of());

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Block> blocks = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-sse-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static SseStream open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseStream(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new AssertionError("cannot open " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static SseStream open(URI uri) {
        return open(uri, Map.of());
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next block, or an AssertionError if none comes in time. */
    public Block next(Duration wait) {
        try {
            Block block = blocks.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (block == null) {
                throw new AssertionError("no SSE block within " + wait);
            }
            if (block == END) {
                blocks.add(END);
                throw new AssertionError("the stream ended");
            }
            return block;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next block that carries data (an event), skipping comments and bare retry hints. */
    public Block nextEvent(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Block block = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (block.isEvent()) {
                return block;
            }
        }
    }

    /** The next {@code count} events, each within {@code wait}. */
    public List<Block> nextEvents(int count, Duration wait) {
        List<Block> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(nextEvent(wait));
        }
        return events;
    }

    /** Every block until the server ends the stream; AssertionError if it does not end in time. */
    public List<Block> untilEnd(Duration wait) {
        List<Block> rest = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Block block = blocks.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (block == null) {
                    throw new AssertionError("the stream did not end within " + wait + "; got " + rest);
                }
                if (block == END) {
                    blocks.add(END);
                    return rest;
                }
                rest.add(block);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> block = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!block.isEmpty()) {
                        blocks.add(new Block(List.copyOf(block)));
                        block.clear();
                    }
                } else {
                    block.add(line);
                }
            }
        } catch (IOException e) {
            // the stream was closed by us or cut by the server: either way it has ended
        } finally {
            blocks.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
