package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.EventDraft;
import io.ssehub.event.payload.ErrorNotice;
import io.ssehub.event.payload.Notification;
import io.ssehub.event.payload.Reset;
import io.ssehub.testing.TestHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A subscription keeps its place across a hub restart and across the hub cutting it off. */
class ResumeAfterFailureTest {

    @Test
    void aHubRestartOnTheSamePortLosesNoEventAndSurfacesTheReset() {
        TestHub first = TestHub.start(TestClients.LIVELY_HUB);
        int port = first.uri().getPort();
        TestHub second = null;
        try (HubClient client = TestClients.quick(first.uri()).build()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<Reset> resets = new CopyOnWriteArrayList<>();
            client.subscribe().topics("news")
                    .on(Notification.TYPE, Notification.class, n -> seen.add(n.message()))
                    .onReset(reset -> {
                        resets.add(reset);
                        seen.add("reset");
                    })
                    .open();
            await().atMost(WAIT).until(() -> first.subscribers() == 1);
            String lastOfFirstRun = null;
            for (int n = 1; n <= 3; n++) {
                lastOfFirstRun = client.publish("news", new Notification("first run " + n, "info"));
            }
            await().atMost(WAIT).until(() -> seen.size() == 3);

            first.close();
            Map<String, String> samePort = new HashMap<>(TestClients.LIVELY_HUB);
            samePort.put("port", Integer.toString(port));
            second = TestHub.start(samePort);
            List<String> expected = new ArrayList<>(List.of("first run 1", "first run 2", "first run 3", "reset"));
            for (int n = 1; n <= 5; n++) {
                // Published as soon as the new hub is up: some before the client is back, some after.
                client.publish("news", new Notification("second run " + n, "info"));
                expected.add("second run " + n);
            }

            await().atMost(WAIT).until(() -> seen.size() == expected.size());
            assertEquals(expected, seen);
            assertEquals(1, resets.size());
            assertEquals("earlier-run", resets.get(0).reason());
            assertEquals(lastOfFirstRun, resets.get(0).lastEventId());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aSlowConsumerCutByTheHubResumesWithNoGapAndNoDuplicate() throws InterruptedException {
        Map<String, String> settings = new HashMap<>(TestClients.LIVELY_HUB);
        settings.put("subscriber.queue.events", "8");
        settings.put("write.buffer.bytes", "16384");
        // Longer than the test: the cut comes from the queue limit, not from a timed-out write.
        settings.put("write.timeout", "60s");
        try (TestHub hub = TestHub.start(settings); HubClient client = TestClients.quick(hub.uri()).build()) {
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> received = new CopyOnWriteArrayList<>();
            List<ErrorNotice> notices = new CopyOnWriteArrayList<>();
            List<Reset> resets = new CopyOnWriteArrayList<>();
            client.subscribe().topics("load")
                    .onAny(event -> {
                        received.add(event.id().orElseThrow());
                        stalled.countDown();
                        block(release);
                    })
                    .on(ErrorNotice.TYPE, ErrorNotice.class, notices::add)
                    .onReset(resets::add)
                    .open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            // The first event stalls the client's only reader, so everything after it piles up on the hub.
            List<String> published = new ArrayList<>();
            // Large events: loopback's receive buffer here autotunes up to 32 MiB (net.ipv4.tcp_rmem), and
            // the stalled client's socket must fill before the hub's queue can.
            String padding = "x".repeat(32 * 1024);
            published.add(publish(hub, padding, 0));
            assertTrue(stalled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            while (hub.subscribers() == 1) {
                assertTrue(published.size() < 5_000, "the stalled client was never cut off");
                published.add(publish(hub, padding, published.size()));
                if (published.size() % 50 == 0) {
                    // Publishing outruns the writers: let them catch up, so the cut comes when the
                    // client's buffers are full, not thousands of events later.
                    await().atMost(WAIT).until(() -> hub.embedded().hub().laneBacklog() == 0);
                }
            }
            for (int n = 0; n < 5; n++) {
                published.add(publish(hub, "after the cut", published.size()));
            }
            release.countDown();

            await().atMost(WAIT).until(() -> received.size() >= published.size());
            assertEquals(published, received, "every event once, in order");
            assertEquals(ErrorNotice.SLOW_CONSUMER, notices.get(0).reason(), "it was the hub's slow-consumer cut");
            assertEquals(List.of(), resets, "the hub still held everything, so no reset");
        }
    }

    private static String publish(TestHub hub, String padding, int n) {
        return hub.embedded().hub().publish(new EventDraft("load", "user",
                "{\"n\":" + n + ",\"pad\":\"" + padding + "\"}", Optional.empty())).id().text();
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
