package io.ssehub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssehub.event.Event;
import io.ssehub.event.EventId;
import io.ssehub.fanout.FanoutObserver.CutReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the fan-out reports, as the meters operators read. */
class MeteredFanoutTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:15:30.123456789Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeteredFanout fanout = new MeteredFanout(registry, 3, Clock.fixed(NOW, ZoneOffset.UTC));

    private double open(String topic) {
        return registry.get("ssehub.streams.open").tag("topic", topic).gauge().value();
    }

    private static Event publishedAt(Instant publishedAt) {
        return new Event(new EventId("run-1", 1), "news", "notification", "{}", Optional.empty(), publishedAt);
    }

    @Test
    void aStreamCountsUnderEachOfItsTopicsUntilItCloses() {
        fanout.streamOpened(Set.of("news", "sport"));
        fanout.streamOpened(Set.of("news"));

        assertEquals(2, open("news"));
        assertEquals(1, open("sport"));

        fanout.streamClosed(Set.of("news", "sport"));

        assertEquals(1, open("news"));
        assertEquals(0, open("sport"));
    }

    @Test
    void aStreamForEveryTopicCountsUnderStar() {
        fanout.streamOpened(Set.of());
        assertEquals(1, open(MeteredFanout.EVERY_TOPIC));

        fanout.streamClosed(Set.of());
        assertEquals(0, open(MeteredFanout.EVERY_TOPIC));
    }

    /** Threat: clients inventing topics grow the scrape, and the monitoring system, without bound. */
    @Test
    void topicsBeyondTheLimitShareTheOtherSeriesAndCloseThere() {
        fanout.streamOpened(Set.of("a"));
        fanout.streamOpened(Set.of("b"));
        fanout.streamOpened(Set.of("c"));
        fanout.streamOpened(Set.of("d"));
        fanout.streamOpened(Set.of("e"));

        assertEquals(1, open("c"));
        assertNull(registry.find("ssehub.streams.open").tag("topic", "d").gauge(), "no series beyond the limit");
        assertEquals(2, open(TopicMeters.OTHER));
        assertEquals(3 + 1, registry.find("ssehub.streams.open").gauges().size(), "three topics and _other");

        fanout.streamClosed(Set.of("d"));
        fanout.streamClosed(Set.of("a"));

        assertEquals(1, open(TopicMeters.OTHER));
        assertEquals(0, open("a"));
    }

    @Test
    void eachDeliveryIsCountedAndItsLatencyLandsInItsBucket() {
        fanout.delivered(publishedAt(NOW.minusMillis(30)), 1);
        fanout.delivered(publishedAt(NOW.minusMillis(3)), 1);

        assertEquals(2, registry.get("ssehub.deliveries").counter().count());
        Timer latency = registry.get("ssehub.delivery.latency").timer();
        assertEquals(2, latency.count());
        assertEquals(33, latency.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(0, countUpTo(latency, Duration.ofMillis(1)));
        assertEquals(1, countUpTo(latency, Duration.ofMillis(5)));
        assertEquals(1, countUpTo(latency, Duration.ofMillis(25)));
        assertEquals(2, countUpTo(latency, Duration.ofMillis(50)));
    }

    /** An event published on another node may carry a clock slightly ahead of this one. */
    @Test
    void anEventFromAClockAheadCountsAsNoLatencyRatherThanNegative() {
        fanout.delivered(publishedAt(NOW.plusMillis(20)), 1);

        Timer latency = registry.get("ssehub.delivery.latency").timer();
        assertEquals(1, latency.count());
        assertEquals(0, latency.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(1, countUpTo(latency, Duration.ofMillis(1)));
    }

    @Test
    void cutsAreCountedByTheReasonClientsAreTold() {
        fanout.cut(CutReason.SLOW_CONSUMER);
        fanout.cut(CutReason.SLOW_CONSUMER);
        fanout.cut(CutReason.TOKEN_EXPIRED);

        assertEquals(2, registry.get("ssehub.streams.cut").tag("reason", "slow-consumer").counter().count());
        assertEquals(1, registry.get("ssehub.streams.cut").tag("reason", "token-expired").counter().count());
        assertEquals(0, registry.get("ssehub.streams.cut").tag("reason", "log-overrun").counter().count());
    }

    @Test
    void replaysCountBothTheResumesAndTheEventsTheyWereSent() {
        fanout.replayed(5);
        fanout.replayed(0);

        assertEquals(2, registry.get("ssehub.replays").counter().count());
        assertEquals(5, registry.get("ssehub.replay.events").counter().count());
    }

    @Test
    void resetsAreCountedByGap() {
        fanout.reset("evicted");
        fanout.reset("evicted");
        fanout.reset("unknown");

        assertEquals(2, registry.get("ssehub.resets").tag("gap", "evicted").counter().count());
        assertEquals(1, registry.get("ssehub.resets").tag("gap", "unknown").counter().count());
        assertEquals(0, registry.get("ssehub.resets").tag("gap", "earlier-run").counter().count());
    }

    private static double countUpTo(Timer timer, Duration bound) {
        for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
            if (bucket.bucket(TimeUnit.NANOSECONDS) == bound.toNanos()) {
                return bucket.count();
            }
        }
        throw new AssertionError("no bucket at " + bound);
    }
}
