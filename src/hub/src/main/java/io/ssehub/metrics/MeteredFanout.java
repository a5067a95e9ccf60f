package io.ssehub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ssehub.event.Event;
import io.ssehub.eventlog.Replay;
import io.ssehub.fanout.FanoutObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out's reports as meters. {@link #delivered} runs once per event per lane batch, so its meters are
 * resolved here, once: it costs two adder increments, a clock read and a bucket search, with no tag lookup.
 */
public final class MeteredFanout implements FanoutObserver {

    /** The series of streams that asked for every topic (no {@code topic} parameter). */
    public static final String EVERY_TOPIC = "*";
    /**
     * Buckets of the publish-to-write latency, from "as fast as the hub goes" to "a stream is about to be
     * cut as too slow". Fixed buckets, not client-side percentiles: they aggregate across hubs.
     */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
    };

    private final Clock clock;
    private final TopicMeters<AtomicLong> openStreams;
    private final Counter deliveries;
    private final Timer latency;
    private final Counter[] cuts = new Counter[CutReason.values().length];
    private final Counter replays;
    private final Counter replayedEvents;
    private final MeterRegistry registry;
    private final Map<String, Counter> resets = new ConcurrentHashMap<>();

    /**
     * @param topicLimit most topics with a series of their own (see {@link TopicMeters})
     * @param clock      the clock events' {@code publishedAt} was read from
     */
    public MeteredFanout(MeterRegistry registry, int topicLimit, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.openStreams = new TopicMeters<>(topicLimit, topic -> {
            AtomicLong open = new AtomicLong();
            Gauge.builder("ssehub.streams.open", open, AtomicLong::get)
                    .description("open streams by topic; a stream counts under each topic it asked for "
                            + "(a Mercure stream under each topic selector), under * when it asked for every topic")
                    .tag("topic", topic)
                    .strongReference(true)
                    .register(registry);
            return open;
        });
        this.deliveries = Counter.builder("ssehub.deliveries")
                .description("events written to streams (one per event per stream)")
                .register(registry);
        this.latency = Timer.builder("ssehub.delivery.latency")
                .description("time from an event's publish to its write to one stream")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        for (CutReason reason : CutReason.values()) {
            cuts[reason.ordinal()] = Counter.builder("ssehub.streams.cut")
                    .description("streams the hub ended and told to resume later, by reason")
                    .tag("reason", token(reason))
                    .register(registry);
        }
        this.replays = Counter.builder("ssehub.replays")
                .description("resuming streams that were sent the events they missed")
                .register(registry);
        this.replayedEvents = Counter.builder("ssehub.replay.events")
                .description("events sent from the log to resuming streams")
                .register(registry);
        for (Replay.Gap gap : Replay.Gap.values()) {
            resetCounter(gap.token());
        }
    }

    /** The reason as clients see it in the {@code error} event: {@code slow-consumer}, {@code token-expired}. */
    static String token(CutReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void streamOpened(Set<String> topics) {
        countOpen(topics, 1);
    }

    @Override
    public void streamClosed(Set<String> topics) {
        countOpen(topics, -1);
    }

    /** A stream counts under each topic it asked for, under {@value #EVERY_TOPIC} when it asked for all. */
    private void countOpen(Set<String> topics, int change) {
        if (topics.isEmpty()) {
            openStreams.of(EVERY_TOPIC).addAndGet(change);
            return;
        }
        for (String topic : topics) {
            openStreams.of(topic).addAndGet(change);
        }
    }

    @Override
    public void delivered(Event event, int streams) {
        deliveries.increment(streams);
        Instant now = clock.instant();
        Instant publishedAt = event.publishedAt();
        long nanos = (now.getEpochSecond() - publishedAt.getEpochSecond()) * 1_000_000_000L
                + (now.getNano() - publishedAt.getNano());
        // An event published on another node may carry a clock a little ahead of ours.
        latency.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void cut(CutReason reason) {
        cuts[reason.ordinal()].increment();
    }

    @Override
    public void replayed(int events) {
        replays.increment();
        replayedEvents.increment(events);
    }

    @Override
    public void reset(String gap) {
        Counter counter = resets.get(gap);
        (counter != null ? counter : resetCounter(gap)).increment();
    }

    /** Gaps are named by the hub's code, not by clients, so their series stay few. */
    private Counter resetCounter(String gap) {
        return resets.computeIfAbsent(gap, name -> Counter.builder("ssehub.resets")
                .description("resuming streams sent a reset because the log could not continue from their id, by gap")
                .tag("gap", name)
                .register(registry));
    }
}
