package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.event.payload.Notification;
import io.ssehub.event.payload.Reset;
import io.ssehub.event.payload.User;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Subscribing against a real hub: typed handlers, the catch-all, resets, handler failures and close. */
class SubscriptionTest {

    @Test
    void typedHandlersGetTheirEventsDataDecodedIntoRecords() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            List<Notification> notifications = new CopyOnWriteArrayList<>();
            List<User> users = new CopyOnWriteArrayList<>();
            client.subscribe().topics("news", "people")
                    .on(Notification.TYPE, Notification.class, notifications::add)
                    .on(User.TYPE, User.class, users::add)
                    .open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            client.publish("news", new Notification("deploy finished — ça marche", "info"));
            client.publish("people", new User("u1", "Ada", "joined"));
            client.publish("elsewhere", new User("u2", "not subscribed", "joined"));
            client.publish("news", new Notification("second", "warn"));

            await().atMost(WAIT).until(() -> notifications.size() == 2 && users.size() == 1);
            assertEquals(List.of(new Notification("deploy finished — ça marche", "info"), new Notification("second", "warn")),
                    notifications);
            assertEquals(List.of(new User("u1", "Ada", "joined")), users);
        }
    }

    @Test
    void eventsOfATypeWithoutAHandlerGoToTheCatchAllWithTheirIdAndData() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            List<Notification> notifications = new CopyOnWriteArrayList<>();
            List<HubEvent> others = new CopyOnWriteArrayList<>();
            client.subscribe().topics("ops")
                    .on(Notification.TYPE, Notification.class, notifications::add)
                    .onAny(others::add)
                    .open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            String deploy = client.publish("ops", "deploy", "{\"version\":\"1.2.3\",\"hosts\":[1,2]}");
            client.publish("ops", new Notification("known type", "info"));

            await().atMost(WAIT).until(() -> others.size() == 1 && notifications.size() == 1);
            assertEquals(new HubEvent(Optional.of(deploy), "deploy", "{\"version\":\"1.2.3\",\"hosts\":[1,2]}"), others.get(0));
        }
    }

    @Test
    void anIdTheHubDoesNotKnowSurfacesAResetAndThenTheEventsThatFollow() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            String before = hub.publish("news", "notification", "{\"message\":\"before\",\"level\":\"info\"}");
            List<String> seen = new CopyOnWriteArrayList<>();
            client.subscribe().topics("news")
                    .lastEventId("not-an-id-of-this-hub")
                    .onReset(reset -> seen.add("reset " + reset.reason() + " after " + reset.lastEventId()))
                    .onAny(event -> seen.add(event.type() + " " + event.id().orElseThrow()))
                    .open();
            await().atMost(WAIT).until(() -> seen.size() == 2);
            String live = client.publish("news", new Notification("after", "info"));

            await().atMost(WAIT).until(() -> seen.size() == 3);
            assertEquals(List.of("reset unknown after not-an-id-of-this-hub", "notification " + before, "notification " + live),
                    seen);
        }
    }

    @Test
    void theFirstConnectionAlreadyResumesAfterTheGivenLastEventId() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            String seenBefore = client.publish("news", new Notification("one", "info"));
            String missed = client.publish("news", new Notification("two", "info"));
            List<String> ids = new CopyOnWriteArrayList<>();
            List<Reset> resets = new CopyOnWriteArrayList<>();
            Subscription subscription = client.subscribe().topics("news")
                    .lastEventId(Optional.of(seenBefore))
                    .onReset(resets::add)
                    .on(Notification.TYPE, event -> ids.add(event.id().orElseThrow()))
                    .open();
            String live = client.publish("news", new Notification("three", "info"));

            await().atMost(WAIT).until(() -> ids.size() == 2);
            assertEquals(List.of(missed, live), ids);
            assertEquals(List.of(), resets, "a seamless resume has no reset");
            assertEquals(Optional.of(live), subscription.lastEventId());
        }
    }

    @Test
    void aHandlerThatThrowsStopsTheSubscriptionAtTheLastEventItHandled() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            AtomicReference<HubException> failure = new AtomicReference<>();
            List<String> handled = new CopyOnWriteArrayList<>();
            Subscription subscription = client.subscribe().topics("news")
                    .on(Notification.TYPE, Notification.class, n -> {
                        if (n.level().equals("poison")) {
                            throw new IllegalStateException("cannot show " + n.message());
                        }
                        handled.add(n.message());
                    })
                    .onFailure(failure::set)
                    .open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            String good = client.publish("news", new Notification("fine", "info"));
            String poison = client.publish("news", new Notification("bad", "poison"));
            client.publish("news", new Notification("never handled", "info"));

            await().atMost(WAIT).until(() -> failure.get() != null);
            HandlerFailedException error = assertInstanceOf(HandlerFailedException.class, failure.get());
            assertEquals(Optional.of(poison), error.eventId());
            assertTrue(error.getMessage().contains("cannot show bad"), error.getMessage());
            assertTrue(subscription.isClosed());
            assertEquals(Optional.of(error), subscription.failure());
            assertEquals(Optional.of(good), subscription.lastEventId(), "resuming from here delivers the failed event again");
            assertEquals(List.of("fine"), handled);
        }
    }

    @Test
    void dataThatDoesNotDecodeIntoTheHandlersTypeStopsTheSubscription() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB); HubClient client = TestClients.quick(hub.uri()).build()) {
            AtomicReference<HubException> failure = new AtomicReference<>();
            client.subscribe().topics("news")
                    .on(Notification.TYPE, Notification.class, n -> { })
                    .onFailure(failure::set)
                    .open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            hub.publish("news", "notification", "[1,2,3]");

            await().atMost(WAIT).until(() -> failure.get() != null);
            assertTrue(failure.get().getMessage().contains("is not a Notification"), failure.get().getMessage());
        }
    }

    @Test
    void closeEndsTheConnectionOfAQuietStreamAtOnceAndTheHubForgetsTheSubscriber() {
        // No keep-alive would wake a blocked read: close() itself has to let go of the connection (jersey#4549).
        try (TestHub hub = TestHub.start(Map.of("heartbeat.interval", "1h"));
             HubClient client = HubClient.of(hub.uri())) {
            Set<Thread> before = TestClients.liveClientThreads();
            Subscription subscription = client.subscribe().topics("quiet").onAny(event -> { }).open();
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            Set<Thread> mine = new HashSet<>(TestClients.liveClientThreads());
            mine.removeAll(before);
            assertEquals(1, mine.size(), "one thread per subscription: " + mine);

            long started = System.nanoTime();
            subscription.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Jersey's own source would still be blocked on this read until the hub's next byte, an hour away.
            Duration bound = ClientSettings.DEFAULT_WAKE_INTERVAL.plusSeconds(1);
            assertTrue(took.compareTo(bound) < 0, "close took " + took + ", more than the wake interval allows");
            assertTrue(subscription.isClosed());
            assertTrue(mine.stream().noneMatch(Thread::isAlive), "the subscription's thread has ended");
            // The hub finds a departed client when it next writes to it (see SlowSubscriberTest).
            await().atMost(WAIT).until(() -> {
                hub.publish("quiet", "notification", "{}");
                return hub.subscribers() == 0;
            });
            subscription.close();
        }
    }

    @Test
    void closingTheClientClosesEverySubscriptionItOpenedAndStopsTheirThreads() {
        try (TestHub hub = TestHub.start(TestClients.LIVELY_HUB)) {
            Set<Thread> before = TestClients.liveClientThreads();
            HubClient client = TestClients.quick(hub.uri()).build();
            List<Subscription> subscriptions;
            try {
                subscriptions = List.of(
                        client.subscribe().topics("a").open(),
                        client.subscribe().topics("b").open(),
                        client.subscribe().open());
                await().atMost(WAIT).until(() -> hub.subscribers() == 3);
            } finally {
                client.close();
            }
            client.close();

            assertTrue(subscriptions.stream().allMatch(Subscription::isClosed));
            Set<Thread> left = new HashSet<>(TestClients.liveClientThreads());
            left.removeAll(before);
            assertEquals(Set.of(), left);
            await().atMost(WAIT).until(() -> {
                hub.publish("a", "notification", "{}");
                hub.publish("b", "notification", "{}");
                return hub.subscribers() == 0;
            });
            assertFalse(subscriptions.get(0).failure().isPresent(), "closing is not a failure");
        }
    }
}
