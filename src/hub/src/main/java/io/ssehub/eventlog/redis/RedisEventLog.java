package io.ssehub.eventlog.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.ssehub.config.EventLogConfig;
import io.ssehub.config.RedisUri;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.EventId;
import io.ssehub.eventlog.CompletionFailures;
import io.ssehub.eventlog.EpochTokens;
import io.ssehub.eventlog.EventLog;
import io.ssehub.eventlog.EventLogUnavailableException;
import io.ssehub.eventlog.RemoteLogStats;
import io.ssehub.eventlog.Replay;
import io.ssehub.eventlog.Tail;
import io.ssehub.refusal.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * The event log on Redis Streams: one stream ({@code {prefix}:log}) and one hash ({@code {prefix}:meta}:
 * epoch and sequence) shared by every node on the same Redis and prefix, so that they are one hub: one order,
 * one set of ids, resumable on any node. Appends are scripts (see {@link LogScripts}), and every append
 * waiting on this node at the same moment goes in the same one (see {@link Appender}); each node reads the
 * stream with its own {@link RedisTail}. Ids read {@code <epoch>-<sequence>}, as in memory.
 *
 * <p>The client is set up for a log, not a cache. A command that takes longer than
 * {@code redis.command.timeout} fails (Lettuce's default would wait a minute). While the connection is down,
 * commands are refused at once rather than queued, and the commands in flight when it dropped fail rather
 * than being sent again after the reconnect: an append sent again would be published twice. Either way the
 * append's caller is told its outcome is unknown ({@link EventLogUnavailableException}: 503). Reconnecting
 * itself is automatic, at most a second apart. Two connections per node, each named {@code ssehub-<node>-<role>} in
 * {@code CLIENT LIST}: one shared by the appender and replays (Lettuce pipelines concurrent commands on it), and
 * the tail's, where {@code XREAD BLOCK} waits.
 *
 * <p>Gaps are found exactly, as the in-memory log finds them: {@code XRANGE} from an id before the first
 * retained entry silently starts at that entry, so the log compares sequences itself.
 *
 * <p>A stream opening on a fan-out lane is answered from the node's {@link ReplayWindow}, which the tail
 * feeds ({@link #replayNearby}), with no call to Redis: a lane serves many streams and must never wait on the
 * network. Only a client further behind than the window is read from Redis, by {@link #replayAfter} off the
 * lanes, in pages shared by every client that wants the same one ({@link PageReads}).
 */
public final class RedisEventLog implements EventLog {

    /** Complete pages kept after a read: a replay of 10,000 events, read once by a storm of resuming clients. */
    private static final int KEPT_PAGES = 10;
    /** Longest a connection's handshake may take (see {@link #connect(String, Duration)}). */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Bounds of the delay between reconnect attempts, doubling from the first to the second. */
    private static final Duration RECONNECT_DELAY_MIN = Duration.ofMillis(100);
    private static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(1);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final RedisAsyncCommands<String, String> asyncCommands;
    private final String uriText;
    private final RedisUri shownUri;
    private final EventLogConfig config;
    private final String node;
    private final LogKeys keys;
    private final LogScripts scripts;
    private final int capacity;
    private final Clock clock;
    private final LogWatch watch;
    private final ReplayWindow window;
    private final RedisLogStats stats;
    private final PageReads pages = new PageReads(KEPT_PAGES);
    private final Appender appender;
    private final List<StatefulRedisConnection<String, String>> tailConnections = new CopyOnWriteArrayList<>();
    private final Supplier<String> newEpoch = EpochTokens::next;
    private volatile boolean closed;

    private RedisEventLog(RedisClient client, EventLogConfig config, String node, int capacity, Clock clock) {
        this.client = client;
        this.config = config;
        this.shownUri = config.redisUri().orElseThrow();
        this.uriText = shownUri.text();
        this.node = node;
        this.capacity = capacity;
        this.clock = clock;
        this.keys = new LogKeys(config.redisKeyPrefix());
        // The tail answers at least once per block, or fails within a block and a command timeout.
        this.watch = new LogWatch(config.redisTailBlock().plus(config.redisCommandTimeout()).multipliedBy(2));
        this.window = new ReplayWindow(capacity);
        this.stats = new RedisLogStats(window);
        client.addListener(stats);
        this.connection = connect("commands", config.redisCommandTimeout());
        this.commands = connection.sync();
        this.asyncCommands = connection.async();
        this.scripts = new LogScripts(commands);
        this.appender = new Appender(this::appendBatch, config.redisCommandTimeout());
    }

    /**
     * Connects to Redis and begins the log's epoch if it has none.
     *
     * @param capacity events the stream keeps, about (trimming is approximate: up to 100 more)
     * @throws IllegalStateException when Redis cannot be reached: the hub does not start
     */
    public static RedisEventLog connect(EventLogConfig config, int capacity, Clock clock) {
        RedisClient client = RedisClient.create(DefaultClientResources.builder()
                // Lettuce's default delay doubles up to 30 s: after a long outage a node would go on refusing
                // for as long again once Redis is back. Bounded, it is back within a second of Redis.
                .reconnectDelay(Delay.exponential(RECONNECT_DELAY_MIN, RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(config.redisCommandTimeout()).keepAlive(true)
                        .build())
                .build());
        RedisEventLog log = null;
        try {
            log = new RedisEventLog(client, config, EpochTokens.next(), capacity, clock);
            log.head();
            return log;
        } catch (RuntimeException e) {
            if (log != null) {
                log.appender.close();
            }
            // Lettuce's messages name the host and port, never the password; the URI is shown without it.
            shutdown(client);
            throw new IllegalStateException("cannot use the event log on Redis at " + config.redisUri().orElseThrow()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection named for this node and {@code role}. Its handshake (and a reconnect's) may take up to
     * {@link #HANDSHAKE_TIMEOUT}: the first connection of a process also loads and starts the client, which
     * on a busy machine takes longer than a command should; its commands then get {@code timeout}.
     */
    private StatefulRedisConnection<String, String> connect(String role, Duration timeout) {
        RedisURI uri = RedisURI.create(uriText);
        uri.setClientName("ssehub-" + node + "-" + role);
        uri.setTimeout(timeout.compareTo(HANDSHAKE_TIMEOUT) > 0 ? timeout : HANDSHAKE_TIMEOUT);
        StatefulRedisConnection<String, String> connected = client.connect(StringCodec.UTF8, uri);
        stats.opened();
        connected.setTimeout(timeout);
        return connected;
    }

    @Override
    public Event append(EventDraft draft) {
        return awaited(appendAsync(draft));
    }

    @Override
    public CompletableFuture<Event> appendAsync(EventDraft draft) {
        return appendAllAsync(List.of(draft)).thenApply(events -> events.get(0));
    }

    /** In one script call: all of the batch is stored, or none. */
    @Override
    public List<Event> appendAll(List<EventDraft> drafts) {
        return awaited(appendAllAsync(drafts));
    }

    private static <T> T awaited(CompletableFuture<T> answer) {
        try {
            // Bounded: the appender answers within the command timeout.
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("interrupted while waiting for Redis to confirm the append", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the append failed", e.getCause());
        }
    }

    private CompletableFuture<List<Event>> appendAllAsync(List<EventDraft> drafts) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the event log is closed"));
        }
        List<String[]> fields = new ArrayList<>(drafts.size());
        for (EventDraft draft : drafts) {
            if (draft.id().isPresent() || !draft.alternates().isEmpty() || draft.restricted() || draft.type() == null) {
                // A Mercure update: this log keeps neither an index of chosen ids nor the private flag yet, and a
                // private update stored without it would reach every stream. Refused, never stored in part.
                return CompletableFuture.failedFuture(Refusal.unsupported("the event log on Redis does not hold "
                        + "Mercure updates yet (chosen ids, alternate topics, private updates); run the Mercure "
                        + "protocol with eventlog=memory"));
            }
            fields.add(StreamEntries.appendArguments(draft, clock));
        }
        return appender.appendAll(fields).whenComplete((head, failure) -> {
            if (failure != null) {
                watch.failed();
            }
        }).thenApply(last -> {
            List<Event> events = new ArrayList<>(drafts.size());
            long first = last.sequence() - drafts.size() + 1;
            for (int i = 0; i < drafts.size(); i++) {
                events.add(StreamEntries.appended(new LogHead(last.epoch(), first + i), drafts.get(i), fields.get(i)));
            }
            return events;
        });
    }

    /** Sends one batch of appends, without waiting for Redis's answer. */
    private CompletionStage<LogHead> appendBatch(List<String[]> batch) {
        return stats.timedAsync(() -> scripts.append(asyncCommands, keys, newEpoch.get(), capacity, batch))
                .handle((head, failure) -> {
                    if (failure != null) {
                        Throwable cause = CompletionFailures.cause(failure);
                        if (cause instanceof RedisException e) {
                            throw unavailable("the event log on Redis did not confirm the append", e);
                        }
                        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                    watch.answered();
                    stats.sawHead(head);
                    return head;
                });
    }

    /** From the window only, never from Redis: empty when the window does not go back far enough. */
    @Override
    public Optional<Replay> replayNearby(Optional<String> lastEventId) {
        Optional<String> epoch = window.epoch();
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        if (lastEventId.isEmpty()) {
            return window.from(epoch.get(), 1).map(Replay::continuous);
        }
        Matcher id = EpochTokens.ID.matcher(lastEventId.get());
        if (!id.matches() || !id.group(1).equals(epoch.get())) {
            return Optional.empty();
        }
        return window.from(epoch.get(), Long.parseLong(id.group(2)) + 1).map(Replay::continuous);
    }

    /**
     * Reads Redis (never call it on a fan-out lane): what the client missed up to where the window takes over,
     * the rest being {@link #replayNearby} from the last event of this answer.
     */
    @Override
    public Replay replayAfter(String lastEventId) {
        try {
            Matcher id = EpochTokens.ID.matcher(lastEventId);
            if (!id.matches()) {
                return Replay.afterGap(Replay.Gap.UNKNOWN, readAfter(head().epoch(), 0));
            }
            String epoch = id.group(1);
            long sequence = Long.parseLong(id.group(2));
            if (!window.knows(epoch, sequence)) {
                // Not an id this node's tail has passed: Redis says whether it is one at all.
                LogHead head = head();
                if (!epoch.equals(head.epoch())) {
                    return Replay.afterGap(Replay.Gap.EARLIER_RUN, readAfter(head.epoch(), 0));
                }
                if (sequence > head.sequence()) {
                    return Replay.afterGap(Replay.Gap.UNKNOWN, readAfter(epoch, 0));
                }
            }
            List<Event> after = readAfter(epoch, sequence);
            // From an id before the first retained entry, XRANGE starts at that entry: a gap the log must see.
            boolean evicted = !after.isEmpty() && after.get(0).id().position() > sequence + 1;
            return evicted ? Replay.afterGap(Replay.Gap.EVICTED, after) : Replay.continuous(after);
        } catch (RedisException e) {
            throw unavailable("the event log on Redis did not answer a replay", e);
        }
    }

    /** Reads Redis (never call it on a fan-out lane), as {@link #replayAfter} does. */
    @Override
    public Replay retained() {
        try {
            return Replay.continuous(readAfter(window.epoch().orElseGet(() -> head().epoch()), 0));
        } catch (RedisException e) {
            throw unavailable("the event log on Redis did not answer a replay", e);
        }
    }

    /** A tail on a connection of its own, starting after the newest event. */
    @Override
    public Tail tail() {
        StatefulRedisConnection<String, String> tailConnection =
                connect("tail", config.redisTailBlock().plus(config.redisCommandTimeout()));
        tailConnections.add(tailConnection);
        return new RedisTail(tailConnection.sync(), commands, keys, scripts, newEpoch, config.redisTailBlock(), watch,
                window, stats, head());
    }

    /**
     * The newest event this node's tail has read (no round trip to Redis): a stream that starts after it gets
     * every later event live, and one that resumes from it is answered from the window.
     */
    @Override
    public Optional<EventId> lastId() {
        return window.newest();
    }

    @Override
    public Optional<RemoteLogStats> remoteStats() {
        return Optional.of(stats);
    }

    @Override
    public boolean isAvailable() {
        return !closed && watch.isAvailable();
    }

    @Override
    public void close() {
        closed = true;
        appender.close();
        for (StatefulRedisConnection<String, String> tailConnection : tailConnections) {
            tailConnection.close();
        }
        connection.close();
        shutdown(client);
    }

    /** The client, then its own resources (threads and timers), which a client given them leaves running. */
    private static void shutdown(RedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Begins the epoch if there is none, and reads it and the newest sequence. */
    private LogHead head() {
        LogHead head = stats.timed(() -> scripts.head(commands, keys, newEpoch.get()));
        watch.answered();
        stats.sawHead(head);
        return head;
    }

    /**
     * The events of {@code epoch} after {@code after}, read from Redis page by page until the window goes on
     * from there; waits (off the lanes) for the tail to reach the head Redis answered, so that it does.
     * Without a tail, every event up to the head.
     */
    private List<Event> readAfter(String epoch, long after) {
        List<Event> events = new ArrayList<>();
        long next = after + 1;
        while (!window.continuesFrom(epoch, next)) {
            PageReads.Page page = pages.page(epoch, PageReads.index(next), kept -> !kept.events().isEmpty()
                    && window.continuesFrom(epoch, kept.events().get(kept.events().size() - 1).id().position() + 1),
                    index -> readPage(epoch, index));
            long from = next;
            List<Event> wanted = page.events().stream().filter(event -> event.id().position() >= from).toList();
            if (wanted.isEmpty()) {
                // The page is past the head, or trimmed whole: the first retained entry says which.
                Optional<Long> first = events.isEmpty() ? firstRetained(epoch) : Optional.empty();
                if (first.isEmpty() || first.get() <= next) {
                    break;
                }
                next = first.get();
                continue;
            }
            events.addAll(wanted);
            next = wanted.get(wanted.size() - 1).id().position() + 1;
            if (!page.complete()) {
                break;
            }
        }
        if (window.epoch().isEmpty()) {
            // No tail reads this log (a log used on its own): Redis's answer is the whole answer.
            return events;
        }
        try {
            if (!window.awaitContinues(epoch, next, config.redisTailBlock().plus(config.redisCommandTimeout()))) {
                throw new EventLogUnavailableException("this node's tail did not reach the log's head in time", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("interrupted while waiting for this node's tail", e);
        }
        return events;
    }

    /** One page of {@code epoch}; it ends early at an entry of another epoch, which the tail deals with. */
    private PageReads.Page readPage(String epoch, long index) {
        List<StreamMessage<String, String>> entries = stats.timed(() -> commands.xrange(keys.log(),
                Range.create(PageReads.first(index) + "-0", PageReads.last(index) + "-0"),
                Limit.create(0, PageReads.PAGE)));
        List<Event> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            if (!epoch.equals(StreamEntries.epoch(entry))) {
                return new PageReads.Page(events, false);
            }
            events.add(StreamEntries.event(entry));
        }
        boolean complete = !events.isEmpty()
                && events.get(events.size() - 1).id().position() == PageReads.last(index);
        return new PageReads.Page(events, complete);
    }

    private Optional<Long> firstRetained(String epoch) {
        List<StreamMessage<String, String>> first = stats.timed(() -> commands.xrange(keys.log(),
                Range.unbounded(), Limit.create(0, 1)));
        return first.isEmpty() || !epoch.equals(StreamEntries.epoch(first.get(0)))
                ? Optional.empty() : Optional.of(StreamEntries.sequence(first.get(0)));
    }

    private EventLogUnavailableException unavailable(String what, RedisException e) {
        watch.failed();
        return new EventLogUnavailableException(what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "RedisEventLog[node=" + node + ", uri=" + shownUri + ", keys=" + keys.log() + " and " + keys.meta()
                + ", capacity=" + capacity + "]";
    }
}
