package io.ssehub.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the hub, read once and validated in the constructor so that a bad value stops
 * start-up with a message naming the setting. Each setting has a safe default: the hub starts with
 * no configuration at all.
 *
 * <p>A setting named {@code tick.interval} is read from the system property {@code ssehub.tick.interval}
 * or, failing that, from the environment variable {@code SSEHUB_TICK_INTERVAL}.
 *
 * @param host              interface the embedded server binds to
 * @param port              TCP port of the embedded server (0 picks a free one)
 * @param tickInterval      period of the {@code time} tick; zero turns it off
 * @param heartbeatInterval period of keep-alive comments, which are also how dead peers are found
 * @param retryHint         reconnect delay sent to every stream as its first line and on shutdown
 * @param logCapacity       events the in-memory log retains for resuming clients
 * @param logMaxBytes       heap the in-memory log's events may take, counted as stored; the oldest go first
 * @param queueEvents       events a subscriber may have waiting before it is cut off as too slow
 * @param queueBytes        bytes a subscriber may have waiting before it is cut off as too slow
 * @param writerThreads     lanes: threads writing to subscriber connections, each owning a share of them
 * @param writeTimeout      how long a connection may stay full (its client not reading) before it is cut off
 * @param writeBufferBytes  bytes the embedded server buffers per connection beyond the socket before a
 *                          write blocks (bounds the memory a client that stops reading can hold)
 * @param maxDataBytes      largest publish body accepted
 * @param bodyTimeout       how long a request body may take to arrive whole before it is answered 408
 * @param shutdownGrace     how long the embedded server lets requests in flight finish once every stream
 *                          has been closed, before it closes the remaining connections
 * @param access            who may publish and subscribe (anonymous unless a secret or keys are set)
 * @param limits            connection and publish-rate limits
 */
public record HubConfig(
        String host,
        int port,
        Duration tickInterval,
        Duration heartbeatInterval,
        Duration retryHint,
        int logCapacity,
        int logMaxBytes,
        int queueEvents,
        int queueBytes,
        int writerThreads,
        Duration writeTimeout,
        int writeBufferBytes,
        int maxDataBytes,
        Duration bodyTimeout,
        Duration shutdownGrace,
        AccessConfig access,
        LimitsConfig limits) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY_HINT = Duration.ofSeconds(3);
    public static final int DEFAULT_LOG_CAPACITY = 10_000;
    /**
     * An eighth of the heap, at most 64 MiB. Bounded by count alone, the default log could hold ten
     * thousand of the largest events: over a gigabyte once stored as UTF-16. An eighth leaves the rest of
     * the heap to what else grows with load (stream queues, connection buffers, request bodies); 64 MiB
     * already hold the default count of events of about 6 KiB each, so larger heaps gain nothing by default.
     */
    public static final int DEFAULT_LOG_MAX_BYTES = (int) Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    public static final int DEFAULT_QUEUE_EVENTS = 1_024;
    public static final int DEFAULT_QUEUE_BYTES = 1 << 20;
    /** One lane per core: a lane writes without blocking, so more threads than cores only add switches. */
    public static final int DEFAULT_WRITER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_WRITE_BUFFER_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DATA_BYTES = 64 * 1024;
    /** Ample for 64 KiB over a slow mobile link; a body still arriving after this is an attack or a dead client. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** The names users set, in the order the README documents them. */
    public static final Map<String, String> SETTINGS = settingsWithDefaults();

    public HubConfig {
        require(host != null && !host.isBlank(), "host", "must not be blank");
        require(port >= 0 && port <= 65_535, "port", "must be between 0 and 65535");
        require(tickInterval.isZero() || between(tickInterval, MIN_INTERVAL, MAX_DURATION), "tick.interval",
                "must be 0 (off) or between 1ms and 1 day");
        require(between(heartbeatInterval, MIN_INTERVAL, MAX_DURATION), "heartbeat.interval", "must be between 1ms and 1 day");
        require(between(retryHint, Duration.ZERO, MAX_DURATION), "retry", "must be between 0 and 1 day");
        require(logCapacity >= 1, "log.capacity", "must be at least 1");
        require(queueEvents >= 1, "subscriber.queue.events", "must be at least 1");
        require(queueBytes >= 1_024, "subscriber.queue.bytes", "must be at least 1024");
        require(writerThreads >= 1, "writer.threads", "must be at least 1");
        require(between(writeTimeout, MIN_INTERVAL, MAX_DURATION), "write.timeout", "must be between 1ms and 1 day");
        require(writeBufferBytes >= 1_024, "write.buffer.bytes", "must be at least 1024");
        require(maxDataBytes >= 1_024, "publish.max.bytes", "must be at least 1024");
        require(between(bodyTimeout, MIN_INTERVAL, Duration.ofMinutes(10)), "request.body.timeout",
                "must be between 1ms and 10 minutes");
        // A body of n bytes can be stored as up to n characters of two bytes each (one character outside
        // Latin-1 makes the JVM store the whole string as UTF-16): the log must have room for one such event.
        require(logMaxBytes >= 2L * maxDataBytes, "log.max.bytes", "must be at least twice publish.max.bytes ("
                + 2L * maxDataBytes + " bytes), so the log holds the largest event a publisher may send");
        require(between(shutdownGrace, Duration.ZERO, Duration.ofMinutes(10)), "shutdown.grace",
                "must be between 0 and 10 minutes");
    }

    /** Shortest period the scheduler can keep (it counts in milliseconds). */
    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    /** Longest duration any setting takes; also the longest retry hint an event may carry. */
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    /** The defaults, with nothing read from the environment. */
    public static HubConfig defaults() {
        return from(name -> null);
    }

    /** Settings from system properties first, then environment variables. */
    public static HubConfig fromEnvironment() {
        return from(HubConfig::environmentLookup);
    }

    /** One setting's text from the system property, then the environment variable; {@code null} if neither. */
    public static String environmentLookup(String name) {
        String property = System.getProperty("ssehub." + name);
        return property != null ? property : System.getenv(environmentName(name));
    }

    /** Settings from a map keyed by setting name (as in the README); missing ones take their default. */
    public static HubConfig from(Map<String, String> settings) {
        return from(settings::get);
    }

    /** Settings looked up by name; a lookup that answers {@code null} leaves the default. */
    public static HubConfig from(Function<String, String> lookup) {
        SettingReader read = new SettingReader(name -> {
            String value = lookup.apply(name);
            return value != null ? value : SETTINGS.get(name);
        });
        return new HubConfig(
                read.text("host"),
                read.integer("port"),
                read.duration("tick.interval"),
                read.duration("heartbeat.interval"),
                read.duration("retry"),
                read.integer("log.capacity"),
                read.integer("log.max.bytes"),
                read.integer("subscriber.queue.events"),
                read.integer("subscriber.queue.bytes"),
                read.integer("writer.threads"),
                read.duration("write.timeout"),
                read.integer("write.buffer.bytes"),
                read.integer("publish.max.bytes"),
                read.duration("request.body.timeout"),
                read.duration("shutdown.grace"),
                new AccessConfig(read.optional("auth.hmac.secret"), read.optional("auth.public.keys"),
                        read.duration("auth.clock.skew"), read.text("auth.cookie"), read.list("cors.allowed.origins")),
                new LimitsConfig(read.integer("streams.max"), read.integer("streams.max.per.address"),
                        read.integer("publish.rate"), read.integer("publish.burst")));
    }

    public static String environmentName(String setting) {
        return "SSEHUB_" + setting.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> settingsWithDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("host", DEFAULT_HOST);
        defaults.put("port", Integer.toString(DEFAULT_PORT));
        defaults.put("tick.interval", DurationText.format(DEFAULT_TICK_INTERVAL));
        defaults.put("heartbeat.interval", DurationText.format(DEFAULT_HEARTBEAT_INTERVAL));
        defaults.put("retry", DurationText.format(DEFAULT_RETRY_HINT));
        defaults.put("log.capacity", Integer.toString(DEFAULT_LOG_CAPACITY));
        defaults.put("log.max.bytes", Integer.toString(DEFAULT_LOG_MAX_BYTES));
        defaults.put("subscriber.queue.events", Integer.toString(DEFAULT_QUEUE_EVENTS));
        defaults.put("subscriber.queue.bytes", Integer.toString(DEFAULT_QUEUE_BYTES));
        defaults.put("writer.threads", Integer.toString(DEFAULT_WRITER_THREADS));
        defaults.put("write.timeout", DurationText.format(DEFAULT_WRITE_TIMEOUT));
        defaults.put("write.buffer.bytes", Integer.toString(DEFAULT_WRITE_BUFFER_BYTES));
        defaults.put("publish.max.bytes", Integer.toString(DEFAULT_MAX_DATA_BYTES));
        defaults.put("request.body.timeout", DurationText.format(DEFAULT_BODY_TIMEOUT));
        defaults.put("shutdown.grace", DurationText.format(DEFAULT_SHUTDOWN_GRACE));
        defaults.put("auth.hmac.secret", "");
        defaults.put("auth.public.keys", "");
        defaults.put("auth.clock.skew", DurationText.format(AccessConfig.DEFAULT_CLOCK_SKEW));
        defaults.put("auth.cookie", AccessConfig.DEFAULT_COOKIE_NAME);
        defaults.put("cors.allowed.origins", "");
        defaults.put("streams.max", Integer.toString(LimitsConfig.DEFAULT_MAX_STREAMS));
        defaults.put("streams.max.per.address", Integer.toString(LimitsConfig.DEFAULT_MAX_STREAMS_PER_ADDRESS));
        defaults.put("publish.rate", Integer.toString(LimitsConfig.DEFAULT_PUBLISH_RATE));
        defaults.put("publish.burst", Integer.toString(LimitsConfig.DEFAULT_PUBLISH_BURST));
        return Collections.unmodifiableMap(defaults);
    }

    private static boolean between(Duration value, Duration min, Duration max) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    private static void require(boolean rule, String setting, String message) {
        if (!rule) {
            throw new InvalidSettingException(setting, message);
        }
    }
}
