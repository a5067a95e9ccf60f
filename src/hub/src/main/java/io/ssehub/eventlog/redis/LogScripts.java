package io.ssehub.eventlog.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.ssehub.eventlog.CompletionFailures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The two scripts that change the log, each atomic in Redis. Both begin an epoch when the hash has none
 * (a new Redis, or one that restarted without persistence), deleting a stream left from before, whose ids
 * would otherwise clash with the new epoch's. Scripts are sent by digest; Redis forgets them when it
 * restarts, so a {@code NOSCRIPT} answer sends the script itself, which Redis then runs (and keeps).
 * A {@code NOSCRIPT} answer means the script did not run, so sending it again can never append twice.
 */
final class LogScripts {

    /** KEYS: meta, log. ARGV[1]: the epoch to begin if none is set. Leaves the epoch set in {@code epoch}. */
    private static final String BEGIN_EPOCH = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
            end
            """;

    /** Answers {epoch, sequence of the newest event}. */
    static final String HEAD = BEGIN_EPOCH + """
            return {epoch, tonumber(redis.call('HGET', KEYS[1], 'seq'))}
            """;

    /**
     * Appends a batch of events, in order. ARGV[2]: capacity; then five arguments per event: topic, type,
     * data, retry (milliseconds or empty), publication time (epoch milliseconds). Each event takes the next
     * sequence with its own {@code HINCRBY}, so that a script stopped part-way (Redis does not undo a script's
     * writes) leaves the stored events dense and the sequence on the last of them. Trimming is approximate
     * ({@code ~}): Redis drops whole nodes of about 100 entries, which is far cheaper than exact trimming.
     * Answers {epoch, sequence of the batch's last event}; the batch holds the sequences up to it.
     */
    static final String APPEND = BEGIN_EPOCH + """
            local seq
            for at = 3, #ARGV, 5 do
              seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], string.format('%d-0', seq), 'e', epoch,
                't', ARGV[at], 'y', ARGV[at + 1], 'd', ARGV[at + 2], 'r', ARGV[at + 3], 'a', ARGV[at + 4])
            end
            return {epoch, seq}
            """;

    /** Arguments of one event in {@link #APPEND}. */
    static final int FIELDS_PER_EVENT = 5;

    private final String headDigest;
    private final String appendDigest;

    LogScripts(RedisCommands<String, String> commands) {
        this.headDigest = commands.digest(HEAD);
        this.appendDigest = commands.digest(APPEND);
    }

    /** Begins an epoch if none is set, and reads the head. */
    LogHead head(RedisCommands<String, String> commands, LogKeys keys, String newEpoch) {
        return LogHead.of(run(commands, HEAD, headDigest, keys, newEpoch));
    }

    /**
     * Appends {@code events} (at least one; each {@link #FIELDS_PER_EVENT} arguments) in one script call.
     *
     * @return the epoch and the sequence of the last of them
     */
    LogHead append(RedisCommands<String, String> commands, LogKeys keys, String newEpoch, int capacity,
                   List<String[]> events) {
        String[] all = appendArguments(newEpoch, capacity, events);
        return LogHead.of(run(commands, APPEND, appendDigest, keys, all));
    }

    /**
     * As {@link #append(RedisCommands, LogKeys, String, int, List)}, without waiting: answered on the client's
     * I/O thread.
     */
    CompletionStage<LogHead> append(RedisAsyncCommands<String, String> commands, LogKeys keys, String newEpoch,
                                    int capacity, List<String[]> events) {
        String[] all = appendArguments(newEpoch, capacity, events);
        return commands.<List<Object>>evalsha(appendDigest, ScriptOutputType.MULTI, keys.both(), all)
                .handle((answer, failure) -> failure == null ? CompletableFuture.completedFuture(answer)
                        : CompletionFailures.cause(failure) instanceof RedisNoScriptException
                        ? commands.<List<Object>>eval(APPEND, ScriptOutputType.MULTI, keys.both(), all)
                        : CompletableFuture.<List<Object>>failedFuture(CompletionFailures.cause(failure)))
                .thenCompose(answer -> answer)
                .thenApply(LogHead::of);
    }

    private static String[] appendArguments(String newEpoch, int capacity, List<String[]> events) {
        String[] all = new String[2 + events.size() * FIELDS_PER_EVENT];
        all[0] = newEpoch;
        all[1] = Integer.toString(capacity);
        int at = 2;
        for (String[] fields : events) {
            System.arraycopy(fields, 0, all, at, FIELDS_PER_EVENT);
            at += FIELDS_PER_EVENT;
        }
        return all;
    }

    private static List<Object> run(RedisCommands<String, String> commands, String script, String digest,
                                    LogKeys keys, String... args) {
        try {
            return commands.evalsha(digest, ScriptOutputType.MULTI, keys.both(), args);
        } catch (RedisNoScriptException notCached) {
            return commands.eval(script, ScriptOutputType.MULTI, keys.both(), args);
        }
    }
}
