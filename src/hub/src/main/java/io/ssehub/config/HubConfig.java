package io.ssehub.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the hub, read once from the table of {@link Setting}s, each through the rule the table
 * gives it, so that a bad value stops start-up with a message naming the setting, the value and the rule.
 * Each setting has a safe default: the hub starts with no configuration at all. The rules live in the
 * table alone: build a config with {@link #from(Function)} (or the methods that call it), not this
 * record's constructor, which takes its values as already checked.
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
 * @param eventLog          where events are kept (in memory or on Redis), and how Redis is reached
 * @param queueEvents       events a subscriber may have waiting before it is cut off as too slow
 * @param queueBytes        bytes a subscriber may have waiting before it is cut off as too slow
 * @param writerThreads     lanes: threads writing to subscriber connections, each owning a share of them
 * @param writeTimeout      how long a connection may stay full (its client not reading) before it is cut off
 * @param writeBufferBytes  bytes the embedded server buffers per connection beyond the socket before a
 *                          write blocks (bounds the memory a client that stops reading can hold)
 * @param socketSendBufferBytes the embedded server's socket send buffer per connection; 0 leaves it to the kernel
 * @param maxDataBytes      largest publish body accepted
 * @param bodyTimeout       how long a request body may take to arrive whole before it is answered 408
 * @param shutdownGrace     how long the embedded server lets requests in flight finish once every stream
 *                          has been closed, before it closes the remaining connections
 * @param access            who may publish and subscribe (anonymous unless a secret or keys are set)
 * @param limits            connection and publish-rate limits
 * @param mercure           the Mercure protocol
 */
public record HubConfig(
        String host,
        int port,
        Duration tickInterval,
        Duration heartbeatInterval,
        Duration retryHint,
        int logCapacity,
        int logMaxBytes,
        EventLogConfig eventLog,
        int queueEvents,
        int queueBytes,
        int writerThreads,
        Duration writeTimeout,
        int writeBufferBytes,
        int socketSendBufferBytes,
        int maxDataBytes,
        Duration bodyTimeout,
        Duration shutdownGrace,
        AccessConfig access,
        LimitsConfig limits,
        MercureConfig mercure) {

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

    /**
     * Settings looked up in the table; a lookup that answers {@code null} leaves the default. Each value is
     * read through its setting's rule ({@link Setting#rule()}), so a bad one stops start-up naming itself.
     */
    public static HubConfig from(Function<Setting, String> lookup) {
        SettingReader read = new SettingReader(lookup);
        return new HubConfig(
                read.value(Setting.HOST),
                read.value(Setting.PORT),
                read.value(Setting.TICK_INTERVAL),
                read.value(Setting.HEARTBEAT_INTERVAL),
                read.value(Setting.RETRY),
                read.value(Setting.LOG_CAPACITY),
                read.value(Setting.LOG_MAX_BYTES),
                new EventLogConfig(read.value(Setting.EVENTLOG), read.value(Setting.REDIS_URI),
                        read.value(Setting.REDIS_KEY_PREFIX), read.value(Setting.REDIS_COMMAND_TIMEOUT),
                        read.value(Setting.REDIS_TAIL_BLOCK)),
                read.value(Setting.SUBSCRIBER_QUEUE_EVENTS),
                read.value(Setting.SUBSCRIBER_QUEUE_BYTES),
                read.value(Setting.WRITER_THREADS),
                read.value(Setting.WRITE_TIMEOUT),
                read.value(Setting.WRITE_BUFFER_BYTES),
                read.value(Setting.SOCKET_SEND_BUFFER_BYTES),
                read.value(Setting.PUBLISH_MAX_BYTES),
                read.value(Setting.REQUEST_BODY_TIMEOUT),
                read.value(Setting.SHUTDOWN_GRACE),
                new AccessConfig(read.value(Setting.AUTH_HMAC_SECRET), read.value(Setting.AUTH_PUBLIC_KEYS),
                        read.value(Setting.AUTH_CLOCK_SKEW), read.value(Setting.AUTH_COOKIE),
                        read.value(Setting.CORS_ALLOWED_ORIGINS)),
                new LimitsConfig(read.value(Setting.STREAMS_MAX), read.value(Setting.STREAMS_MAX_PER_ADDRESS),
                        read.value(Setting.PUBLISH_RATE), read.value(Setting.PUBLISH_BURST),
                        read.value(Setting.PUBLISH_BATCH_MAX_EVENTS), read.value(Setting.PUBLISH_BATCH_MAX_BYTES),
                        read.value(Setting.PROXY_TRUSTED)),
                new MercureConfig(read.value(Setting.MERCURE_ENABLED), read.value(Setting.MERCURE_PUBLISHER_JWT_ALG),
                        read.value(Setting.MERCURE_PUBLISHER_JWT_KEY), read.value(Setting.MERCURE_SUBSCRIBER_JWT_ALG),
                        read.value(Setting.MERCURE_SUBSCRIBER_JWT_KEY), read.value(Setting.MERCURE_ANONYMOUS),
                        read.value(Setting.MERCURE_COOKIE_NAME), read.value(Setting.MERCURE_SUBSCRIPTIONS)));
    }
}
