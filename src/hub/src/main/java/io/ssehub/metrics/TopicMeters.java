package io.ssehub.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One meter per topic, for at most {@code limit} topics; every later topic shares the {@value #OTHER}
 * meter. Topics are chosen by publishers and subscribers, and each Prometheus series costs memory in the
 * hub and in the monitoring system, so their number must not grow with what clients send.
 *
 * <p>A topic keeps the meter it was given first, for the hub's lifetime: the map only grows, so a stream
 * that opened under {@value #OTHER} also closes under it.
 */
final class TopicMeters<M> {

    /** The series of every topic beyond the limit. Never a real topic: topics start with a letter or digit. */
    static final String OTHER = "_other";

    private final int limit;
    private final Function<String, M> create;
    private final Map<String, M> meters = new ConcurrentHashMap<>();
    private final M other;

    /** @param create makes the meter of one topic (or of {@value #OTHER}), tagged with it */
    TopicMeters(int limit, Function<String, M> create) {
        if (limit < 1) {
            throw new IllegalArgumentException("the topic limit must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.create = create;
        this.other = create.apply(OTHER);
    }

    M of(String topic) {
        M meter = meters.get(topic);
        return meter != null ? meter : admit(topic);
    }

    /** Rare (once per topic, or per publish beyond the limit): a lock keeps the limit exact. */
    private M admit(String topic) {
        if (meters.size() >= limit) {
            return other;
        }
        synchronized (this) {
            M meter = meters.get(topic);
            if (meter != null) {
                return meter;
            }
            if (meters.size() >= limit) {
                return other;
            }
            meter = create.apply(topic);
            meters.put(topic, meter);
            return meter;
        }
    }
}
