package io.ssehub.eventlog.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;

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
     * ARGV[2]: capacity; ARGV[3..7]: topic, type, data, retry (milliseconds or empty), publication time
     * (epoch milliseconds). Trimming is approximate ({@code ~}): Redis drops whole nodes of about 100 entries,
     * which is far cheaper than exact trimming. Answers {epoch, sequence of the event}.
     */
    static final String APPEND = BEGIN_EPOCH + """
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], string.format('%d-0', seq),
              'e', epoch, 't', ARGV[3], 'y', ARGV[4], 'd', ARGV[5], 'r', ARGV[6], 'a', ARGV[7])
            return {epoch, seq}
            """;

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

    /** Appends one event: {@code args} are ARGV[2] onwards. */
    LogHead append(RedisCommands<String, String> commands, LogKeys keys, String newEpoch, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = newEpoch;
        System.arraycopy(args, 0, all, 1, args.length);
        return LogHead.of(run(commands, APPEND, appendDigest, keys, all));
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
