package io.ssehub.eventlog.redis;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.ssehub.event.Event;
import io.ssehub.eventlog.Tail;
import io.ssehub.eventlog.TailOverrunException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one reader of the stream, on its own connection: {@code XREAD BLOCK} from the last sequence
 * it returned. A blocked read returns nothing when the epoch changes underneath it (a Redis restarted without
 * persistence numbers from 1 again, below the cursor), so the tail reads the head again after every read
 * that came back empty (at least once per block) and after every failure (a reconnect among them), and
 * ends every stream when the epoch changed. Each entry carries its epoch too, so a new epoch that has already
 * outgrown the cursor is caught as well. It feeds this node's {@link ReplayWindow} with what it read before
 * handing it on, and starts the window again wherever it skips. Owned by the dispatcher's thread.
 */
final class RedisTail implements Tail {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTail.class);
    /** Most entries one read returns: the dispatcher hands them on before it reads again. */
    private static final int BATCH = 1_000;

    private final RedisCommands<String, String> tailCommands;
    private final RedisCommands<String, String> commands;
    private final LogKeys keys;
    private final LogScripts scripts;
    private final Supplier<String> newEpoch;
    private final Duration block;
    private final LogWatch watch;
    private final ReplayWindow window;
    private final RedisLogStats stats;
    private final Outage outage = new Outage(LOG, "the event log's tail");
    private String epoch;
    /** Sequence of the last entry returned (or skipped past a gap). */
    private long read;
    private boolean checkHead;

    /**
     * @param tailCommands its own connection, where {@code XREAD BLOCK} waits
     * @param commands     the log's shared connection, for the head script
     * @param start        where it begins: after the newest event
     */
    RedisTail(RedisCommands<String, String> tailCommands, RedisCommands<String, String> commands, LogKeys keys,
              LogScripts scripts, Supplier<String> newEpoch, Duration block, LogWatch watch, ReplayWindow window,
              RedisLogStats stats, LogHead start) {
        this.tailCommands = tailCommands;
        this.commands = commands;
        this.keys = keys;
        this.scripts = scripts;
        this.newEpoch = newEpoch;
        this.block = block;
        this.watch = watch;
        this.window = window;
        this.stats = stats;
        this.epoch = start.epoch();
        this.read = start.sequence();
        window.startAfter(epoch, read);
    }

    @Override
    public List<Event> next(Duration wait) throws InterruptedException {
        try {
            if (checkHead) {
                checkHead();
            }
            long blockMillis = Math.max(1, Math.min(wait.toMillis(), block.toMillis()));
            List<StreamMessage<String, String>> entries = tailCommands.xread(
                    XReadArgs.Builder.block(blockMillis).count(BATCH),
                    XReadArgs.StreamOffset.from(keys.log(), read + "-0"));
            answered();
            if (entries == null || entries.isEmpty()) {
                checkHead = true;
                return List.of();
            }
            return events(entries);
        } catch (RedisCommandInterruptedException e) {
            throw new InterruptedException("the tail's read was interrupted");
        } catch (RedisException e) {
            watch.failed();
            checkHead = true;
            Duration pause = outage.failed(e);
            Thread.sleep(Math.min(pause.toMillis(), wait.toMillis()));
            return List.of();
        }
    }

    private void answered() {
        outage.answered();
        watch.answered();
    }

    /** @throws TailOverrunException when the epoch is no longer the tail's */
    private void checkHead() {
        LogHead head = stats.timed(() -> scripts.head(commands, keys, newEpoch.get()));
        checkHead = false;
        answered();
        stats.sawHead(head);
        if (!head.epoch().equals(epoch)) {
            String before = epoch;
            epoch = head.epoch();
            read = head.sequence();
            window.startAfter(epoch, read);
            stats.epochChanged(head);
            throw TailOverrunException.newEpoch(before, epoch);
        }
    }

    private List<Event> events(List<StreamMessage<String, String>> entries) {
        List<Event> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            long sequence = StreamEntries.sequence(entry);
            String entryEpoch = StreamEntries.epoch(entry);
            if (!epoch.equals(entryEpoch)) {
                // The next read starts at this entry, in its epoch.
                String before = epoch;
                epoch = entryEpoch;
                read = sequence - 1;
                window.startAfter(epoch, read);
                stats.epochChanged(new LogHead(epoch, sequence));
                throw TailOverrunException.newEpoch(before, epoch);
            }
            if (sequence != read + 1) {
                // Trimmed before this tail read it: the next read starts at this entry.
                long missed = sequence - read - 1;
                read = sequence - 1;
                window.startAfter(epoch, read);
                throw new TailOverrunException(missed);
            }
            events.add(StreamEntries.event(entry));
            read = sequence;
        }
        window.add(events);
        return events;
    }
}
