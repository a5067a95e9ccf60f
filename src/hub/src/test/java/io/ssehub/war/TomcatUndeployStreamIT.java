package io.ssehub.war;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.testing.SseStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Undeploying from Tomcat ends a stream before the hub hears of it. Tomcat stops a context by waiting (its
 * {@code unloadDelay}) for open async requests to end, then marking the context unavailable, then destroying
 * its servlets, which is what stops the hub. Its connector's timer, once a second, times out every async
 * request whose context is unavailable and, when no listener completes it, errors it out and closes the
 * connection. So a stream is ended by whichever comes first, the timer or the hub. Here the servlets are not
 * destroyed until the client has seen its stream end: the timer always comes first.
 */
class TomcatUndeployStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    // Threat: a client of an undeployed hub is cut off without being told when to come back.
    @Test
    void aStreamTomcatEndsOnUndeployEndsWithWhenToComeBack() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(DeployedWar.SETTINGS)) {
            CountDownLatch streamEnded = new CountDownLatch(1);
            tomcat.beforeServletsStop(() -> holdUntil(streamEnded));
            try (SseStream stream = SseStream.open(tomcat.base().resolve("events?topic=undeploy"))) {
                awaitFirstKeepAlive(stream);
                CompletableFuture<Void> undeploying = CompletableFuture.runAsync(tomcat::undeploy);
                List<SseStream.Block> rest;
                try {
                    rest = stream.untilEnd(WAIT);
                } finally {
                    streamEnded.countDown();
                }
                undeploying.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(rest.stream().anyMatch(block -> block.field("retry") != null),
                        "the stream's last word is when to come back: " + rest);
            }
        }
    }

    /** The stream is open and written from the hub's side: the opening hint, then a keep-alive after it. */
    private static void awaitFirstKeepAlive(SseStream stream) {
        assertTrue(stream.next(WAIT).field("retry") != null, "the stream opens with a retry hint");
        while (!stream.next(WAIT).lines().contains(": keep-alive")) {
            // the greeting's comment
        }
    }

    /** Holds the servlets' stop until the stream has ended, or for as long as the test waits for that. */
    private static void holdUntil(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
