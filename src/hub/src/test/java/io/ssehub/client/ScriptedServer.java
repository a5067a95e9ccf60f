package io.ssehub.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * A tiny HTTP server on an ephemeral loopback port that answers from a script and records every request:
 * for the answers a healthy hub never gives (401, 204, a web page, a 503 with Retry-After, a stream that
 * goes silent). The n-th request gets the n-th answer; once the script is used up, its last answer repeats.
 */
final class ScriptedServer implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body, boolean hang, Duration pause, String later,
                  Duration delay) {

        static Answer status(int status) {
            return new Answer(status, Map.of(), null, false, null, null, Duration.ZERO);
        }

        /** A 200 event stream with this body, which then ends. */
        static Answer stream(String body) {
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), body, false, null, null, Duration.ZERO);
        }

        /** A 200 event stream with this body, which then stays open and silent until the server stops. */
        static Answer silentStream(String body) {
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), body, true, null, null, Duration.ZERO);
        }

        /** A silent stream that sends {@code later} after {@code pause} of silence, then stays open. */
        static Answer silentStream(String body, Duration pause, String later) {
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), body, true, pause, later, Duration.ZERO);
        }

        Answer header(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body, hang, pause, later, delay);
        }

        Answer body(String contentType, String body) {
            Answer withType = header("Content-Type", contentType);
            return new Answer(status, withType.headers(), body, hang, pause, later, delay);
        }

        /** The same answer, its response head sent only after {@code delay}, as from a hub slow to answer. */
        Answer after(Duration delay) {
            return new Answer(status, headers, body, hang, pause, later, delay);
        }
    }

    /** What the client sent; {@code authorization} and {@code tenant} ({@code X-Tenant}) for the header tests. */
    record Received(String pathAndQuery, String lastEventId, String accept, String authorization, String tenant) {
    }

    private final HttpServer server;
    private final List<Answer> script;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<Response> hanging = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "scripted-server-later");
        thread.setDaemon(true);
        return thread;
    });

    private ScriptedServer(List<Answer> script) {
        this.script = List.copyOf(script);
        this.server = new HttpServer();
        server.addListener(new NetworkListener("scripted", "127.0.0.1", 0));
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                answer(request, response);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the scripted server", e);
        }
    }

    static ScriptedServer answering(Answer... script) {
        return new ScriptedServer(List.of(script));
    }

    URI uri() {
        NetworkListener listener = server.getListeners().iterator().next();
        return URI.create("http://127.0.0.1:" + listener.getPort() + "/");
    }

    List<Received> requests() {
        return new ArrayList<>(requests);
    }

    int requestCount() {
        return requests.size();
    }

    private void answer(Request request, Response response) throws IOException {
        String query = request.getQueryString();
        requests.add(new Received(request.getRequestURI() + (query == null ? "" : "?" + query),
                request.getHeader("Last-Event-ID"), request.getHeader("Accept"), request.getHeader("Authorization"),
                request.getHeader("X-Tenant")));
        Answer answer = script.get(Math.min(requests.size(), script.size()) - 1);
        if (answer.delay().isZero()) {
            write(answer, response);
            return;
        }
        response.suspend();
        later.schedule(() -> {
            write(answer, response);
            if (!answer.hang()) {
                response.resume();
            }
            return null;
        }, answer.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void write(Answer answer, Response response) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                response.setContentType(value);
            } else {
                response.setHeader(name, value);
            }
        });
        if (answer.body() != null) {
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            if (!answer.hang()) {
                response.setContentLength(body.length);
            }
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        }
        if (answer.hang()) {
            // Keeps the response open without holding a worker thread; the server's stop ends it.
            if (!response.isSuspended()) {
                response.suspend();
            }
            hanging.add(response);
        }
        if (answer.later() != null) {
            later.schedule(() -> {
                OutputStream out = response.getOutputStream();
                out.write(answer.later().getBytes(StandardCharsets.UTF_8));
                out.flush();
                return null;
            }, answer.pause().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        later.shutdownNow();
        hanging.forEach(response -> {
            try {
                response.resume();
            } catch (RuntimeException e) {
                // already gone with its connection
            }
        });
        server.shutdownNow();
    }
}
