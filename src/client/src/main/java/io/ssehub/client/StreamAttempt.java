package io.ssehub.client;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.media.sse.EventInput;
import org.glassfish.jersey.media.sse.InboundEvent;

/**
 * One connection to the event stream: the request, the verdict on the response, and the blocks read from
 * it with Jersey's {@link EventInput}.
 *
 * <p>Not Jersey's {@code SseEventSource}, which the reconnect loop would have to fight: it cannot send
 * {@code Last-Event-ID} on its first connect (jersey#3625), reads {@code reconnectingEvery}'s delay as
 * milliseconds whatever the unit (jersey#3663), gives up for good on a 500 or a refused connection, and
 * its {@code close()} leaves the connection open (jersey#4549). One request per attempt leaves all of
 * that to {@link Subscription}.
 */
final class StreamAttempt {

    private final WebTarget events;
    private final ClientSettings settings;

    StreamAttempt(WebTarget events, ClientSettings settings) {
        this.events = events;
        this.settings = settings;
    }

    /**
     * Connects once and hands every block of the stream (comments and bare {@code retry:} hints included)
     * to {@code blocks}, until the stream ends, the connection fails or {@code stopRequested} says so.
     *
     * @param readTimeout the socket's read timeout: how long the response head may take, and how often a
     *                    read of a quiet stream wakes (see {@link WakingInputStream})
     * @return how the connection ended, when trying again may help
     * @throws HubException when the answer says it cannot (or when {@code blocks} threw one)
     */
    Disconnect run(Optional<String> lastEventId, Duration readTimeout, BooleanSupplier stopRequested,
                   Consumer<InboundEvent> blocks) {
        StreamWatch watch = new StreamWatch(stopRequested, settings.idleTimeout());
        Invocation.Builder request = events.request(MediaType.SERVER_SENT_EVENTS_TYPE)
                .property(ClientProperties.READ_TIMEOUT, (int) readTimeout.toMillis())
                .property(WakingStreamFilter.WATCH, watch);
        lastEventId.ifPresent(id -> request.header(HttpHeaders.LAST_EVENT_ID_HEADER, id));
        Response response;
        try {
            response = request.get();
        } catch (ProcessingException e) {
            return Disconnect.notConnected("no stream: " + Causes.describe(e), isReadTimeout(e.getCause()));
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200 && isEventStream(response.getMediaType())) {
                return read(response, watch, blocks);
            }
            if (isRetryable(status)) {
                return new Disconnect("the hub answered " + status, false,
                        RetryAfter.parse(response.getHeaderString(HttpHeaders.RETRY_AFTER), settings.clock()), false);
            }
            if (status >= 200 && status < 300) {
                throw new NotAnEventStreamException(describe(), status, response.getHeaderString(HttpHeaders.CONTENT_TYPE));
            }
            throw Refusals.refused(describe(), response);
        }
    }

    private Disconnect read(Response response, StreamWatch watch, Consumer<InboundEvent> blocks) {
        try (EventInput input = response.readEntity(EventInput.class)) {
            InboundEvent block;
            // EventInput answers null at the end of the stream and after any read failure, which the watch saw.
            while ((block = input.read()) != null) {
                blocks.accept(block);
            }
        } catch (ProcessingException | IllegalStateException e) {
            watch.record(new IOException(Causes.describe(e), e));
        }
        return new Disconnect(watch.failure().map(e -> "connection lost: " + Causes.describe(e))
                .orElse("the hub ended the stream"), true, Optional.empty(), false);
    }

    /**
     * Worth another try: the hub is restarting or overloaded (5xx, 503 with {@code Retry-After}), or asks
     * to slow down (429), or the request timed out (408). Jersey's own source gives up on a 500 for good.
     */
    static boolean isRetryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /**
     * The response head did not come in time. {@code HttpURLConnection} throws the same exception type for a
     * connect timeout, told apart only by its message ("Connect timed out" against "Read timed out").
     */
    private static boolean isReadTimeout(Throwable failure) {
        return failure instanceof SocketTimeoutException timeout && timeout.getMessage() != null
                && !timeout.getMessage().toLowerCase(Locale.ROOT).contains("connect");
    }

    private static boolean isEventStream(MediaType type) {
        return type != null && "text".equalsIgnoreCase(type.getType()) && "event-stream".equalsIgnoreCase(type.getSubtype());
    }

    private String describe() {
        return "GET " + events.getUri();
    }
}
