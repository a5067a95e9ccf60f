package io.ssehub.config;

import static io.ssehub.config.Setting.HEARTBEAT_INTERVAL;
import static io.ssehub.config.Setting.HOST;
import static io.ssehub.config.Setting.LOG_CAPACITY;
import static io.ssehub.config.Setting.LOG_MAX_BYTES;
import static io.ssehub.config.Setting.PORT;
import static io.ssehub.config.Setting.PUBLISH_MAX_BYTES;
import static io.ssehub.config.Setting.REQUEST_BODY_TIMEOUT;
import static io.ssehub.config.Setting.RETRY;
import static io.ssehub.config.Setting.SHUTDOWN_GRACE;
import static io.ssehub.config.Setting.SUBSCRIBER_QUEUE_BYTES;
import static io.ssehub.config.Setting.SUBSCRIBER_QUEUE_EVENTS;
import static io.ssehub.config.Setting.TICK_INTERVAL;
import static io.ssehub.config.Setting.WRITER_THREADS;
import static io.ssehub.config.Setting.WRITE_BUFFER_BYTES;
import static io.ssehub.config.Setting.WRITE_TIMEOUT;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the hub, read once from the table of {@link Setting}s and validated in the constructor so
 * that a bad value stops start-up with a message naming the setting. Each setting has a safe default: the hub
 * starts with no configuration at all.
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

    public HubConfig {
        require(host != null && !host.isBlank(), HOST, "must not be blank");
        require(port >= 0 && port <= 65_535, PORT, "must be between 0 and 65535");
        require(tickInterval.isZero() || between(tickInterval, MIN_INTERVAL, MAX_DURATION), TICK_INTERVAL,
                "must be 0 (off) or between 1ms and 1 day");
        require(between(heartbeatInterval, MIN_INTERVAL, MAX_DURATION), HEARTBEAT_INTERVAL, "must be between 1ms and 1 day");
        require(between(retryHint, Duration.ZERO, MAX_DURATION), RETRY, "must be between 0 and 1 day");
        require(logCapacity >= 1, LOG_CAPACITY, "must be at least 1");
        require(queueEvents >= 1, SUBSCRIBER_QUEUE_EVENTS, "must be at least 1");
        require(queueBytes >= 1_024, SUBSCRIBER_QUEUE_BYTES, "must be at least 1024");
        require(writerThreads >= 1, WRITER_THREADS, "must be at least 1");
        require(between(writeTimeout, MIN_INTERVAL, MAX_DURATION), WRITE_TIMEOUT, "must be between 1ms and 1 day");
        require(writeBufferBytes >= 1_024, WRITE_BUFFER_BYTES, "must be at least 1024");
        require(maxDataBytes >= 1_024, PUBLISH_MAX_BYTES, "must be at least 1024");
        require(between(bodyTimeout, MIN_INTERVAL, Duration.ofMinutes(10)), REQUEST_BODY_TIMEOUT,
                "must be between 1ms and 10 minutes");
        // A body of n bytes can be stored as up to n characters of two bytes each (one character outside
        // Latin-1 makes the JVM store the whole string as UTF-16): the log must have room for one such event.
        require(logMaxBytes >= 2L * maxDataBytes, LOG_MAX_BYTES, "must be at least twice publish.max.bytes ("
                + 2L * maxDataBytes + " bytes), so the log holds the largest event a publisher may send");
        require(between(shutdownGrace, Duration.ZERO, Duration.ofMinutes(10)), SHUTDOWN_GRACE,
                "must be between 0 and 10 minutes");
    }

    /** Shortest period the scheduler can keep (it counts in milliseconds). */
    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    /** Longest duration any setting takes; also the longest retry hint an event may carry. */
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    /** The defaults, with nothing read from the environment. */
    public static HubConfig defaults() {
        return from(setting -> null);
    }

    /**
     * Settings from system properties first, then environment variables. A system property {@code ssehub.*}
     * or an environment variable {@code SSEHUB_*} that names no setting is refused: those prefixes are ours.
     */
    public static HubConfig fromEnvironment() {
        requireOnlyKnownSettingsInEnvironment();
        return from(HubConfig::environmentLookup);
    }

    /** Refuses a system property {@code ssehub.*} or an environment variable {@code SSEHUB_*} naming no setting. */
    public static void requireOnlyKnownSettingsInEnvironment() {
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(Setting.PROPERTY_PREFIX))
                .sorted().forEach(name -> Setting.requireKnown(name, Setting::propertyName));
        System.getenv().keySet().stream().filter(name -> name.startsWith(Setting.ENVIRONMENT_PREFIX))
                .sorted().forEach(name -> Setting.requireKnown(name, Setting::environmentName));
    }

    /** One setting's text from the system property, then the environment variable; {@code null} if neither. */
    public static String environmentLookup(Setting setting) {
        String property = System.getProperty(setting.propertyName());
        return property != null ? property : System.getenv(setting.environmentName());
    }

    /**
     * Settings from a map keyed by setting name (as in the README); missing ones take their default, and a
     * key that names no setting is refused.
     */
    public static HubConfig from(Map<String, String> settings) {
        settings.keySet().stream().sorted().forEach(name -> Setting.requireKnown(name, Setting::key));
        return from(setting -> settings.get(setting.key()));
    }

    /** Settings looked up in the table; a lookup that answers {@code null} leaves the default. */
    public static HubConfig from(Function<Setting, String> lookup) {
        SettingReader read = new SettingReader(lookup);
        return new HubConfig(
                read.text(Setting.HOST),
                read.integer(Setting.PORT),
                read.duration(Setting.TICK_INTERVAL),
                read.duration(Setting.HEARTBEAT_INTERVAL),
                read.duration(Setting.RETRY),
                read.integer(Setting.LOG_CAPACITY),
                read.integer(Setting.LOG_MAX_BYTES),
                read.integer(Setting.SUBSCRIBER_QUEUE_EVENTS),
                read.integer(Setting.SUBSCRIBER_QUEUE_BYTES),
                read.integer(Setting.WRITER_THREADS),
                read.duration(Setting.WRITE_TIMEOUT),
                read.integer(Setting.WRITE_BUFFER_BYTES),
                read.integer(Setting.PUBLISH_MAX_BYTES),
                read.duration(Setting.REQUEST_BODY_TIMEOUT),
                read.duration(Setting.SHUTDOWN_GRACE),
                new AccessConfig(read.optional(Setting.AUTH_HMAC_SECRET), read.optional(Setting.AUTH_PUBLIC_KEYS),
                        read.duration(Setting.AUTH_CLOCK_SKEW), read.text(Setting.AUTH_COOKIE),
                        read.list(Setting.CORS_ALLOWED_ORIGINS)),
                new LimitsConfig(read.integer(Setting.STREAMS_MAX), read.integer(Setting.STREAMS_MAX_PER_ADDRESS),
                        read.integer(Setting.PUBLISH_RATE), read.integer(Setting.PUBLISH_BURST)));
    }

    private static boolean between(Duration value, Duration min, Duration max) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    private static void require(boolean rule, Setting setting, String message) {
        if (!rule) {
            throw new InvalidSettingException(setting, message);
        }
    }
}
