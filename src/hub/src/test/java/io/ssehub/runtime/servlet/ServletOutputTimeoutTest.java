package io.ssehub.runtime.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.jaxrs.DepartureProbe;
import io.ssehub.wire.SseFrame;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A stream the container times out (Tomcat does, for every open stream, as it undeploys the application,
 * before the hub hears of it): its last word is still when to come back.
 */
class ServletOutputTimeoutTest {

    private static final SseFrame PARTING =
            SseFrame.join(SseFrame.comment("bye"), SseFrame.retry(Duration.ofMillis(500)));

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final RecordingSink sink = new RecordingSink();
    private final ServletResponseCustody custody = new ServletResponseCustody(responseWritingTo(written));
    private final AtomicReference<Throwable> gone = new AtomicReference<>();
    private final ServletOutput output = new ServletOutput(sink, custody, new DepartureProbe(), Runnable::run, PARTING);

    /** As the container runs a stream: the dispatch returns, then the container's first onWritePossible. */
    private void openStream() {
        output.onGone(gone::set);
        custody.openNonBlockingOutput();
        custody.handOver();
        output.onWritePossible();
    }

    @Test
    void aStreamTheContainerTimesOutEndsWithThePartingWordsAndThroughJersey() {
        openStream();
        SseFrame keepAlive = SseFrame.comment("keep-alive");
        output.write(List.of(keepAlive));

        custody.onTimeout(null);

        assertEquals(text(keepAlive) + text(PARTING), written.toString(StandardCharsets.UTF_8));
        assertTrue(sink.closed, "ended through Jersey, so the container completes it as usual");
        assertTrue(gone.get() != null, "the hub is told the stream has ended");
        output.write(List.of(SseFrame.comment("too late")));
        assertFalse(written.toString(StandardCharsets.UTF_8).contains("too late"));
    }

    @Test
    void aStreamTheHubIsEndingGetsNoSecondLastWord() {
        openStream();
        output.write(List.of(SseFrame.comment("the hub's last word")));
        output.close();
        String hubWrote = written.toString(StandardCharsets.UTF_8);

        custody.onTimeout(null);

        assertEquals(hubWrote, written.toString(StandardCharsets.UTF_8));
        assertTrue(sink.closed);
    }

    private static String text(SseFrame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    private static ServletResponse responseWritingTo(ByteArrayOutputStream bytes) {
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // The test calls onWritePossible itself, as the container would after the dispatch.
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }
        };
        return (ServletResponse) Proxy.newProxyInstance(ServletResponse.class.getClassLoader(),
                new Class<?>[] {ServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> stream;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Jersey's sink as the output uses it: the head's empty frame is taken and not recorded. */
    private static final class RecordingSink implements SseEventSink {
        private volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
