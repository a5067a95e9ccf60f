package io.ssehub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ssehub.eventlog.RemoteLogStats;
import io.ssehub.fanout.Fanout;
import io.ssehub.fanout.FanoutObserver;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The hub's meters, in one Prometheus registry: the fan-out's (through {@link #fanout()}), publishes by
 * topic, the broadcaster's queues and the JVM's. {@link #scrape()} renders them for {@code GET /metrics}.
 */
public final class HubMetrics implements AutoCloseable {

    /** Most topics with a series of their own per meter; the rest share {@code topic="_other"}. */
    public static final int MAX_TOPIC_SERIES = 1000;
    /** What {@link #scrape()} returns: the Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeteredFanout fanout = new MeteredFanout(registry, MAX_TOPIC_SERIES, Clock.systemUTC());
    private final TopicMeters<Counter> published = new TopicMeters<>(MAX_TOPIC_SERIES,
            topic -> Counter.builder("ssehub.events.published")
                    .description("events appended to the log, by topic")
                    .tag("topic", topic)
                    .register(registry));
    /** Listens to the JVM's GC notifications until closed. */
    private JvmGcMetrics gc;

    /** Told what the fan-out does. */
    public FanoutObserver fanout() {
        return fanout;
    }

    /** Counts one event appended to the log. */
    public void published(String topic) {
        published.of(topic).increment();
    }

    /** Gauges on the broadcaster: open streams in all, frames waiting in their queues, the lanes' backlog. */
    public void watch(Fanout broadcaster) {
        Gauge.builder("ssehub.subscribers", broadcaster, Fanout::subscriberCount)
                .description("open streams")
                .strongReference(true)
                .register(registry);
        Gauge.builder("ssehub.queue.frames", broadcaster, Fanout::queuedFrames)
                .description("events and comments waiting in every stream's queue: how far behind the writers are")
                .strongReference(true)
                .register(registry);
        Gauge.builder("ssehub.lane.backlog", broadcaster, Fanout::laneBacklog)
                .description("events and tasks handed to the writing lanes and not yet taken up")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Meters on a log kept remotely: how far this node's tail is behind, how long its commands take, how
     * often its connections came back and how often it began a new epoch.
     */
    public void watch(RemoteLogStats log) {
        Gauge.builder("ssehub.eventlog.tail.lag", log, RemoteLogStats::tailLag)
                .description("events the log holds that this node's tail has not read yet")
                .strongReference(true)
                .register(registry);
        FunctionTimer.builder("ssehub.eventlog.command", log, RemoteLogStats::commands,
                        RemoteLogStats::commandSeconds, TimeUnit.SECONDS)
                .description("commands sent to the log's store (appends, head reads, replay pages)")
                .register(registry);
        FunctionCounter.builder("ssehub.eventlog.reconnects", log, RemoteLogStats::reconnects)
                .description("times a connection to the log's store came back after it dropped")
                .register(registry);
        FunctionCounter.builder("ssehub.eventlog.epoch.changes", log, RemoteLogStats::epochChanges)
                .description("times the log began a new epoch (its store lost its data)")
                .register(registry);
    }

    /**
     * Binds the JVM's meters: memory, GC, threads, classes, CPU, uptime and file descriptors. Run when the
     * hub starts, because the GC meters listen to the JVM until {@link #close()}: on a container that
     * undeploys the WAR, a listener left behind would pin the application's class loader.
     */
    public synchronized void start() {
        if (gc != null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Every meter in the Prometheus text format, {@link #CONTENT_TYPE}. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops listening to the JVM. The meters stay readable. */
    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
