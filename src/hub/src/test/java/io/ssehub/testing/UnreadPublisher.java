package io.ssehub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A publisher that pipelines its publishes on one connection and never reads the answers: once its small
 * receive buffer and the hub's bounded write queue are full, the hub stops taking its publishes. Whatever
 * answers a publish must not wait for such a client.
 */
public final class UnreadPublisher implements AutoCloseable {

    private static final Pattern LAST_SEQUENCE = Pattern.compile("\"lastEventId\":\"[^\"]*-(\\d+)\"");

    private final Socket socket;
    private final long stalledAfter;

    private UnreadPublisher(Socket socket, long stalledAfter) {
        this.socket = socket;
        this.stalledAfter = stalledAfter;
    }

    /**
     * Sends {@code publishes} publishes to {@code topic} at once, reading nothing, and returns once the hub
     * has stopped taking them (its last event id stayed the same between two looks at {@code /health}).
     */
    public static UnreadPublisher stalledOn(TestHub hub, String topic, int publishes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(hub.uri().getHost(), hub.uri().getPort()));
        Thread writer = new Thread(() -> pipeline(socket, hub.uri().getHost(), topic, publishes), "test-unread-publisher");
        writer.setDaemon(true);
        writer.start();
        AtomicLong previous = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = lastSequence(hub);
            return now > 0 && now == previous.getAndSet(now);
        });
        return new UnreadPublisher(socket, lastSequence(hub));
    }

    /** How many of the hub's events there were when it stopped taking this client's publishes. */
    public long stalledAfter() {
        return stalledAfter;
    }

    /** The publish request this client pipelines, with {@code moreHeaders} (each ending in CRLF). */
    public static byte[] request(String host, String body, String moreHeaders) {
        return ("POST /events HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" + moreHeaders
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Writes every publish at once and reads nothing; ends when the hub closes the connection. */
    private static void pipeline(Socket socket, String host, String topic, int publishes) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < publishes; i++) {
                out.write(request(host, "{\"topic\":\"" + topic + "\",\"type\":\"m\",\"data\":" + i + "}", ""));
            }
            out.flush();
        } catch (IOException closed) {
            // the test is over, or the hub cut the connection
        }
    }

    private static long lastSequence(TestHub hub) {
        String health = hub.send(HttpRequest.newBuilder(hub.uri("health")).build()).body();
        Matcher id = LAST_SEQUENCE.matcher(health);
        return id.find() ? Long.parseLong(id.group(1)) : 0;
    }
}
