package io.ssehub.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one table of settings: each one's name, default, rule (what its text must be, see {@link SettingRule})
 * and the words the README's Configuration table gives it (a test holds the README to this table row by
 * row). {@link HubConfig} reads every setting through its rule here, and a key that looks like one of ours
 * but names none of these stops start-up.
 */
public enum Setting {
    HOST("host", "localhost", Text.notBlank("a host name or address"),
            "interface the embedded server binds to (`0.0.0.0` for all)"),
    PORT("port", "8080", WholeNumber.between(0, 65_535), "port of the embedded server (`0` picks a free one)"),
    TICK_INTERVAL("tick.interval", "1s", Span.zeroOrBetween(Bounds.SHORTEST_PERIOD, Bounds.LONGEST_DURATION),
            "period of the `time` tick on topic `time`; `0` turns it off"),
    HEARTBEAT_INTERVAL("heartbeat.interval", "15s", Span.between(Bounds.SHORTEST_PERIOD, Bounds.LONGEST_DURATION),
            "period of keep-alive comments, which also find dead connections"),
    RETRY("retry", "3s", Span.between(Duration.ZERO, Bounds.LONGEST_DURATION),
            "reconnect hint sent first on every stream, on every tick, and on reset, error and shutdown"),
    LOG_CAPACITY("log.capacity", "10000", WholeNumber.atLeast(1),
            "events the log keeps for resuming clients (on Redis, up to 100 more: trimming is approximate)"),
    /**
     * A body of n bytes can be stored as up to n characters of two bytes each (one character outside Latin-1
     * makes the JVM store the whole string as UTF-16): the log must have room for one such event.
     */
    LOG_MAX_BYTES("log.max.bytes", Integer.toString(defaultLogMaxBytes()),
            "heap ÷ 8, at most `" + Setting.LOG_MAX_BYTES_CAP + "`", new AtLeastTwice("publish.max.bytes"),
            "heap those events may take, counted as stored (see Limits)"),
    EVENTLOG("eventlog", "memory", new Choice(),
            "where events are kept: in this process, or on Redis, shared by every node with the same prefix"),
    REDIS_URI("redis.uri", "", new RedisUriRule(), "where Redis is, with user and password if it needs them "
            + "(never logged); required when `eventlog` is `redis`"),
    REDIS_KEY_PREFIX("redis.key.prefix", "ssehub",
            new Text(Pattern.compile("[A-Za-z0-9._:-]{1,64}"), "1 to 64 letters, digits and . _ : -"),
            "names the hub in Redis: its keys are `{<prefix>}:log` and `{<prefix>}:meta`"),
    /** Lettuce's own default is a minute: a publish must not hang that long when Redis is away. */
    REDIS_COMMAND_TIMEOUT("redis.command.timeout", "2s", Span.between(Bounds.SHORTEST_PERIOD, Duration.ofMinutes(1)),
            "longest a Redis command may take; a publish whose outcome is then unknown answers 503"),
    REDIS_TAIL_BLOCK("redis.tail.block", "1s", Span.between(Bounds.SHORTEST_PERIOD, Duration.ofMinutes(1)),
            "longest the tail waits in Redis for new events before it checks the log's epoch again"),
    SUBSCRIBER_QUEUE_EVENTS("subscriber.queue.events", "1024", WholeNumber.atLeast(1),
            "events that may wait for one stream before it is cut off as too slow"),
    SUBSCRIBER_QUEUE_BYTES("subscriber.queue.bytes", "1048576", WholeNumber.bytesAtLeast(1_024),
            "bytes that may wait for one stream before it is cut off as too slow"),
    WRITER_THREADS("writer.threads", Integer.toString(defaultWriterThreads()), "cores", WholeNumber.atLeast(1),
            "lanes: threads that write to streams without blocking, each owning a share of them"),
    WRITE_TIMEOUT("write.timeout", "10s", Span.between(Bounds.SHORTEST_PERIOD, Bounds.LONGEST_DURATION),
            "longest a stream's connection may stay full (its client not reading) before the stream is cut off; "
                    + "then the grace it has to take its last frame"),
    WRITE_BUFFER_BYTES("write.buffer.bytes", "262144", WholeNumber.bytesAtLeast(1_024), "bytes the embedded server "
            + "queues per connection beyond the socket; past it the stream's events wait in its own bounded queue"),
    /**
     * Off by default: the kernel sizes it, and on Linux grows it to megabytes for a client that stops reading
     * (the backlog sits there, unseen, long before the hub's own bounds would cut the stream).
     */
    SOCKET_SEND_BUFFER_BYTES("socket.send.buffer.bytes", "0", WholeNumber.bytesAtLeast(0), "the embedded "
            + "server's socket send buffer per connection (SO_SNDBUF); 0 leaves it to the kernel"),
    PUBLISH_MAX_BYTES("publish.max.bytes", "65536", WholeNumber.bytesAtLeast(1_024), "largest publish body accepted"),
    /** Ample for 64 KiB over a slow mobile link; a body still arriving after this is an attack or a dead client. */
    REQUEST_BODY_TIMEOUT("request.body.timeout", "10s", Span.between(Bounds.SHORTEST_PERIOD, Duration.ofMinutes(10)),
            "how long a request body may take to arrive whole; later, 408 and the connection is closed"),
    SHUTDOWN_GRACE("shutdown.grace", "5s", Span.between(Duration.ZERO, Duration.ofMinutes(10)),
            "on shutdown, after every stream is closed, how long requests in flight may finish"),
    /**
     * At least what HS256, the least of the HMAC algorithms, takes. Secret and keys exclude each other, so an
     * HMAC token can never be checked against a public key.
     */
    AUTH_HMAC_SECRET("auth.hmac.secret", "", new Secret(HmacAlgorithm.HS256.minSecretBytes(), "auth.public.keys"),
            "shared secret for HMAC tokens: 32 bytes or more for HS256, 48 for HS384, 64 for HS512; turns access "
                    + "control on"),
    AUTH_PUBLIC_KEYS("auth.public.keys", "", new OptionalText("a PEM file, a JWKS file or a JWKS URL"),
            "where the keys for RS/PS/ES tokens are, public keys only (a private key is refused); turns access "
                    + "control on"),
    AUTH_CLOCK_SKEW("auth.clock.skew", "30s", Span.between(Duration.ZERO, Duration.ofMinutes(5)),
            "tolerance when checking `exp` and `nbf`"),
    AUTH_COOKIE("auth.cookie", "ssehub_token",
            new Text(Bounds.COOKIE_NAME, "a cookie name (RFC 6265 token) of 1 to 64 characters"),
            "cookie that may carry the token (for browsers' `EventSource`)"),
    CORS_ALLOWED_ORIGINS("cors.allowed.origins", "", new Origins(), "origins allowed to call the hub from their pages; "
            + "`*` for any, without credentials"),
    STREAMS_MAX("streams.max", "10000", WholeNumber.atLeast(1),
            "open streams in all (over it: 503 with a jittered `Retry-After`)"),
    STREAMS_MAX_PER_ADDRESS("streams.max.per.address", "100", WholeNumber.atLeast(1),
            "open streams per client address"),
    PUBLISH_RATE("publish.rate", "1000", WholeNumber.atLeast(1),
            "publishes per second per publisher (over it: 429 with `Retry-After`)"),
    PUBLISH_BURST("publish.burst", "2000", WholeNumber.atLeast(1),
            "publishes a publisher may make at once before the rate applies"),
    PUBLISH_BATCH_MAX_EVENTS("publish.batch.max.events", "1000", WholeNumber.atLeast(1),
            "events one batch publish may hold (over it, or over `publish.burst`: 413 `too-many-events`)"),
    PUBLISH_BATCH_MAX_BYTES("publish.batch.max.bytes", "1048576", WholeNumber.bytesAtLeast(1_024),
            "largest batch publish body accepted (each of its events is also held to `publish.max.bytes`)"),
    PROXY_TRUSTED("proxy.trusted", "", new ProxyRanges(),
            "reverse proxies whose `Forwarded` (`for=`) or `X-Forwarded-For` names the client: its address is "
                    + "the right-most hop none of them holds, for the per-address limits; from any other peer "
                    + "these headers are ignored"),
    MERCURE_ENABLED("mercure.enabled", "true", new Flag(), "serves the Mercure protocol at `/.well-known/mercure`"),
    MERCURE_PUBLISHER_JWT_ALG("mercure.publisher.jwt.alg", "HS256", Bounds.JWS_ALGORITHM,
            "algorithm of Mercure publishers' tokens; `HS*` takes a secret, the others public keys"),
    MERCURE_PUBLISHER_JWT_KEY("mercure.publisher.jwt.key", "", new MercureKeyText("mercure.publisher.jwt.alg"),
            "key of Mercure publishers' tokens (the reference hub's `publisher_jwt`); unset: the hub's own "
                    + "(`auth.hmac.secret` or `auth.public.keys`)"),
    MERCURE_SUBSCRIBER_JWT_ALG("mercure.subscriber.jwt.alg", "HS256", Bounds.JWS_ALGORITHM,
            "algorithm of Mercure subscribers' tokens; `HS*` takes a secret, the others public keys"),
    MERCURE_SUBSCRIBER_JWT_KEY("mercure.subscriber.jwt.key", "", new MercureKeyText("mercure.subscriber.jwt.alg"),
            "key of Mercure subscribers' tokens (the reference hub's `subscriber_jwt`); unset: the hub's own"),
    MERCURE_ANONYMOUS("mercure.anonymous", "false", new Flag(),
            "admits Mercure subscribers without a token, to public updates only"),
    MERCURE_COOKIE_NAME("mercure.cookie.name", "mercureAuthorization",
            new Text(Bounds.COOKIE_NAME, "a cookie name (RFC 6265 token) of 1 to 64 characters"),
            "cookie that may carry a Mercure token (for browsers' `EventSource`)"),
    MERCURE_SUBSCRIPTIONS("mercure.subscriptions", "false", new Flag(),
            "publishes a private update on `/.well-known/mercure/subscriptions/{topic}/{subscriber}` when a Mercure "
                    + "subscription starts or ends, and serves the subscription API at `GET /.well-known/mercure/subscriptions`");

    /** Most the log may take by default; see {@link #defaultLogMaxBytes()}. */
    private static final int LOG_MAX_BYTES_CAP = 64 << 20;

    /** Prefix of a system property or servlet context parameter that names a setting. */
    public static final String PROPERTY_PREFIX = "ssehub.";
    /** Prefix of an environment variable that names a setting. */
    public static final String ENVIRONMENT_PREFIX = "SSEHUB_";

    private final String key;
    private final String defaultText;
    private final String documentedDefault;
    private final SettingRule<?> rule;
    private final String description;

    Setting(String key, String defaultText, SettingRule<?> rule, String description) {
        this(key, defaultText, defaultText.isEmpty() ? "(none)" : "`" + defaultText + "`", rule, description);
    }

    Setting(String key, String defaultText, String documentedDefault, SettingRule<?> rule, String description) {
        this.key = key;
        this.defaultText = defaultText;
        this.documentedDefault = documentedDefault;
        this.rule = rule;
        this.description = description;
    }

    /** Bounds several rows share, each said once with the reason for it. */
    private static final class Bounds {
        /** Shortest period the scheduler can keep: it counts in milliseconds. */
        static final Duration SHORTEST_PERIOD = Duration.ofMillis(1);
        /** Longest duration any setting takes; also the longest retry hint an event may carry. */
        static final Duration LONGEST_DURATION = Duration.ofDays(1);
        /** A token of RFC 6265 (section 4.1.1), short enough to be a name rather than a payload. */
        static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
        /** The JWS algorithms (RFC 7518, section 3.1) tokens may be signed with; never {@code none}. */
        static final Text JWS_ALGORITHM = new Text(Pattern.compile("HS(256|384|512)|RS(256|384|512)|PS(256|384|512)"
                + "|ES(256|384|512)"), "one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, "
                + "ES256, ES384, ES512");
    }

    /** The name users set, such as {@code tick.interval}. */
    public String key() {
        return key;
    }

    /** The text the setting takes when it is not set; empty for a setting that is off unless set. */
    public String defaultText() {
        return defaultText;
    }

    /** The default as the README states it: the text itself, or what it is derived from. */
    public String documentedDefault() {
        return documentedDefault;
    }

    /** What the setting's text must be, and the value it becomes; its text is the README's rule column. */
    SettingRule<?> rule() {
        return rule;
    }

    /** What the setting does, in the README's words. */
    public String description() {
        return description;
    }

    /** {@code ssehub.tick.interval}: the system property, or servlet context parameter, that sets it. */
    public String propertyName() {
        return PROPERTY_PREFIX + key;
    }

    /** {@code SSEHUB_TICK_INTERVAL}: the environment variable that sets it. */
    public String environmentName() {
        return ENVIRONMENT_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The setting a source spells as {@code spelled} (see {@link #key()}, {@link #propertyName()}), if any. */
    public static Optional<Setting> spelled(String spelled, Function<Setting, String> spelling) {
        return Arrays.stream(values()).filter(setting -> spelling.apply(setting).equals(spelled)).findFirst();
    }

    /**
     * Refuses {@code spelled}, a key one of our sources holds, unless it names a setting: a misspelt setting
     * silently left at its default is a hub configured otherwise than its operator believes.
     */
    public static void requireKnown(String spelled, Function<Setting, String> spelling) {
        if (spelled(spelled, spelling).isEmpty()) {
            Setting nearest = Arrays.stream(values())
                    .min(Comparator.comparingInt(setting -> editDistance(spelled, spelling.apply(setting))))
                    .orElseThrow();
            throw InvalidSettingException.unknown(spelled, nearest.key());
        }
    }

    /**
     * An eighth of the heap, at most 64 MiB. Bounded by count alone, the default log could hold ten
     * thousand of the largest events: over a gigabyte once stored as UTF-16. An eighth leaves the rest of
     * the heap to what else grows with load (stream queues, connection buffers, request bodies); 64 MiB
     * already hold the default count of events of about 6 KiB each, so larger heaps gain nothing by default.
     */
    private static int defaultLogMaxBytes() {
        return (int) Math.min(LOG_MAX_BYTES_CAP, Runtime.getRuntime().maxMemory() / 8);
    }

    /** One lane per core: a lane writes without blocking, so more threads than cores only add switches. */
    private static int defaultWriterThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
