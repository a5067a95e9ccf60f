package io.ssehub.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Load generator for SSE fan-out, for any server with the contract {@code GET /events} (an SSE stream,
 * chunked or close-delimited) and {@code POST /events} with {@code {"topic","type","data"}} (2xx).
 *
 * <pre>
 * FanoutLoad --url http://127.0.0.1:PORT/ --pid SERVER_PID --subscribers N --rate R --seconds S
 *            [--warmup 3] [--stalled K] [--cut-metrics] [--mode fanout|memory] [--label TEXT] [--jcmd]
 *            [--storm C --retained 10000 --event-bytes 4096] [--topics T] [--subscribe-path PATH?QUERY]
 *            [--publish-conns 8] [--pipeline 1] [--drain-timeout 10] [--open-timeout 60] [--connect-window 256] [--poll-us 0]
 *            [--publish-url http://127.0.0.1:OTHER_PORT/]
 * </pre>
 *
 * <p>{@code --publish-url} publishes to another server than the one subscribed to (another node of one hub);
 * by default both are {@code --url}.
 *
 * <p><b>fanout</b>: N subscribers on one selector thread ({@link LoadReader}); once all have their response
 * head, {@link LoadPublisher} publishes R events/s for warmup + seconds on a fixed schedule. Every frame is
 * parsed on bytes ({@link LoadSubscriber}); each stream keeps a bit per sequence number, so loss, duplicates
 * and reordering are exact; a stream the server ends is resumed with {@code Last-Event-ID}. Latency
 * (receive {@code nanoTime} minus the {@code t=} the publisher wrote) is recorded for events published
 * after the warm-up ({@link LoadHistogram}). Server and loader CPU are sampled at the end of the warm-up
 * and once every healthy stream has the last event (or the drain timeout expired). K stalled subscribers
 * read their head and then nothing; at the end they are read to learn whether the server cut them, and with
 * {@code --cut-metrics} the hub's {@code /metrics} is polled for the whole run to learn when
 * ({@link LoadCutWatch}); a reference run without stalled subscribers takes the flag too, to carry the same
 * scrapes.
 *
 * <p>With {@code --storm C}, a replay storm ({@link LoadStorm}): before the subscribers open, {@code --retained}
 * events of {@code --event-bytes} are published on a topic of their own; when the warm-up ends, C clients
 * resume at once from the oldest of them, so the measured latency is that of live events during the storm.
 * The run then also waits (up to the drain timeout) until every replay is whole, and reports how long that took.
 *
 * <p>With {@code --topics T} ({@link LoadTopics}), event {@code seq} is published on topic {@code seq % T} and
 * subscriber {@code i} asks for topic {@code i % T} only ({@code ?topic=}): each event has N/T readers, and loss,
 * duplicates and the drain are counted against the events of each subscriber's own topic; an event of another
 * topic is counted as misrouted.
 *
 * <p>With {@code --subscribe-path} (relative to the URL, such as {@code .well-known/mercure?topic=bench}),
 * subscribers read another endpoint of the same server than {@code GET /events}, while events are still
 * published with {@code POST /events}: for a server that serves the same events under another protocol.
 *
 * <p><b>memory</b>: N idle streams; the server's VmRSS before, held (once stable) and after closing them.
 *
 * <p>Progress goes to stderr; stdout gets exactly one JSON object line (with an {@code error} field when
 * the run failed, and exit status 2).
 */
public final class FanoutLoad {

    private final Map<String, String> options;
    private final long pid;
    private final URI url;
    private final InetSocketAddress address;
    private final String hostHeader;
    private final String eventsPath;
    /** What subscribers GET: {@code /events} unless {@code --subscribe-path} names another endpoint. */
    private final String subscribePath;
    /** Where events are published: {@code --publish-url}, else {@code --url}. */
    private final InetSocketAddress publishAddress;
    private final String publishHostHeader;
    private final String publishPath;
    private final String mode;
    private final String label;
    private final Map<String, Object> out = new LinkedHashMap<>();

    private FanoutLoad(Map<String, String> options) {
        this.options = options;
        this.url = URI.create(required("url"));
        this.pid = Long.parseLong(required("pid"));
        HubEndpoint hub = HubEndpoint.of(url);
        this.address = hub.address();
        this.hostHeader = hub.hostHeader();
        this.eventsPath = hub.path("events");
        this.subscribePath = options.containsKey("subscribe-path") ? hub.path(options.get("subscribe-path")) : eventsPath;
        out.put("subscribe_path", subscribePath);
        HubEndpoint publishTo = HubEndpoint.of(URI.create(options.getOrDefault("publish-url", url.toString())));
        this.publishAddress = publishTo.address();
        this.publishHostHeader = publishTo.hostHeader();
        this.publishPath = publishTo.path("events");
        this.mode = options.getOrDefault("mode", "fanout");
        this.label = options.getOrDefault("label", "");
        out.put("label", label);
        out.put("mode", mode);
    }

    public static void main(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FanoutLoad: " + e.getMessage());
            System.err.println("usage: FanoutLoad --url http://127.0.0.1:PORT/ --pid SERVER_PID --subscribers N --rate R "
                    + "--seconds S [--warmup 3] [--stalled K] [--cut-metrics] [--mode fanout|memory] [--label TEXT] [--jcmd] "
                    + "[--storm C --retained 10000 --event-bytes 4096] [--topics T]");
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("error", e.getMessage());
            System.out.println(json(failure));
            System.exit(2);
            return;
        }
        FanoutLoad load = null;
        int status = 0;
        try {
            load = new FanoutLoad(options);
            if (!LoadProc.alive(load.pid)) {
                throw new IllegalStateException("no process " + load.pid);
            }
            switch (load.mode) {
                case "fanout" -> load.fanout();
                case "memory" -> load.memory();
                default -> throw new IllegalArgumentException("--mode must be fanout or memory, not " + load.mode);
            }
        } catch (Exception e) {
            System.err.println("FanoutLoad failed: " + e);
            if (!(e instanceof IllegalStateException || e instanceof IllegalArgumentException)) {
                e.printStackTrace();
            }
            status = 2;
            Map<String, Object> failure = load == null ? new LinkedHashMap<>() : load.out;
            failure.put("error", String.valueOf(e.getMessage()));
            System.out.println(json(failure));
            System.out.flush();
            System.exit(status);
            return;
        }
        System.out.println(json(load.out));
        System.out.flush();
        System.exit(0); // do not wait for anything still parked
    }

    // ---------------------------------------------------------------- fanout

    private void fanout() throws Exception {
        int subscribers = intOption("subscribers", -1);
        int rate = intOption("rate", -1);
        int seconds = intOption("seconds", -1);
        int warmup = intOption("warmup", 3);
        int stalled = intOption("stalled", 0);
        int publishConnections = intOption("publish-conns", 8);
        int pipeline = intOption("pipeline", 1);
        double drainTimeout = doubleOption("drain-timeout", 10);
        if (subscribers < 1 || rate < 1 || seconds < 1 || warmup < 0 || stalled < 0 || publishConnections < 1 || pipeline < 1) {
            throw new IllegalArgumentException("--subscribers, --rate, --seconds must be positive (and --warmup, --stalled >= 0)");
        }
        long total = (long) (warmup + seconds) * rate;
        long measureFrom = (long) warmup * rate;
        if (total > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many events: " + total);
        }
        out.put("subscribers", subscribers);
        out.put("rate", rate);
        out.put("seconds", seconds);
        out.put("warmup", warmup);
        out.put("stalled", stalled);
        LoadTopics topics = new LoadTopics(intOption("topics", 0));
        out.put("topics", topics.count());
        int stormClients = intOption("storm", 0);
        LoadStorm storm = null;
        if (stormClients > 0) {
            int retained = intOption("retained", 10_000);
            int eventBytes = intOption("event-bytes", 4096);
            out.put("storm", stormClients);
            out.put("retained", retained);
            out.put("event_bytes", eventBytes);
            long publishing = System.nanoTime();
            LoadStorm.History history = LoadStorm.publishHistory(url.resolve(eventsPath), retained, eventBytes);
            log("published the history: %d events of %d bytes in %.1f s", retained, eventBytes,
                    (System.nanoTime() - publishing) / 1e9);
            storm = new LoadStorm(address, hostHeader, eventsPath, stormClients, history.firstId());
        }

        checkFileLimit(subscribers + stalled + publishConnections + stormClients);
        AtomicIntegerArray floor = new AtomicIntegerArray((int) total);
        LoadReader reader = new LoadReader(address, hostHeader, subscribePath, subscribers, stalled, total, measureFrom, floor,
                intOption("connect-window", 256), topics);
        reader.pollNanos = TimeUnit.MICROSECONDS.toNanos(intOption("poll-us", 0));
        Thread readerThread = new Thread(reader, "load-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        awaitOpen(reader, subscribers + stalled, true);

        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        LoadPublisher publisher = new LoadPublisher(publishAddress, publishHostHeader, publishPath, rate, total, publishConnections, pipeline, t0, floor, topics);
        Thread publisherThread = new Thread(publisher, "load-publisher");
        publisherThread.setDaemon(true);
        publisherThread.setPriority(Thread.MAX_PRIORITY);
        publisherThread.start();
        LoadCutWatch cutWatch = null;
        if (options.containsKey("cut-metrics")) {
            cutWatch = new LoadCutWatch(url, stalled, t0);
            Thread watchThread = new Thread(cutWatch, "load-cut-watch");
            watchThread.setDaemon(true);
            watchThread.start();
        }
        log("publishing %d events at %d/s (%d s warm-up + %d s) over %d connection(s)", total, rate, warmup, seconds,
                publishConnections);

        long warmEnd = t0 + TimeUnit.SECONDS.toNanos(warmup);
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < warmEnd && !publisher.done) {
            nextProgress = progress(reader, publisher, t0, nextProgress);
            publisherThread.join(10); // returns at once when the publisher is done
        }
        LoadProc.Cpu serverCpu0 = LoadProc.cpu(pid);
        LoadProc.Cpu loaderCpu0 = LoadProc.cpu(ProcessHandle.current().pid());
        long frames0 = reader.frames;
        long selects0 = reader.selects;
        long reads0 = reader.reads;
        long wall0 = System.nanoTime();
        if (storm != null) {
            storm.start();
            log("warm-up over: %d clients resume from the oldest retained event; measuring", stormClients);
        } else {
            log("warm-up over: measuring");
        }

        while (!publisher.done) {
            if (reader.died) {
                throw new IllegalStateException(reader.lastProblem);
            }
            nextProgress = progress(reader, publisher, t0, nextProgress);
            publisherThread.join(10);
        }
        publisherThread.join();
        long publishEnd = System.nanoTime();

        // drain: every healthy stream should get the last accepted event it reads
        int[] lastAccepted = lastAcceptedPerTopic(publisher.accepted, total, topics);
        long drainDeadline = publishEnd + (long) (drainTimeout * 1e9);
        int missing = awaitDrain(reader, lastAccepted, topics, drainDeadline);
        long drainNanos = System.nanoTime() - publishEnd;
        LoadProc.Cpu serverCpu1 = LoadProc.cpu(pid);
        LoadProc.Cpu loaderCpu1 = LoadProc.cpu(ProcessHandle.current().pid());
        long frames1 = reader.frames;
        long selects1 = reader.selects;
        long reads1 = reader.reads;
        long wall1 = System.nanoTime();
        if (missing > 0) {
            log("drain timeout: %d stream(s) still without the last event after %.1f s", missing, drainNanos / 1e9);
        }

        if (storm != null) {
            int whole = storm.awaitWhole(drainDeadline);
            out.put("storm_whole", whole);
            out.put("storm_p50_s", round(nullable(storm.secondsUntilWhole(0.5)), 2));
            out.put("storm_all_s", round(nullable(storm.secondsUntilWhole(1.0)), 2));
            out.put("storm_mb", round(storm.bytes() / 1e6, 1));
            log("replay storm: %d of %d replays whole; half of them after %s s, all after %s s; %.0f MB read%s", whole,
                    stormClients, out.get("storm_p50_s"), out.get("storm_all_s"), storm.bytes() / 1e6,
                    storm.problem() == null ? "" : "; " + storm.problem());
            storm.close();
        }
        reader.finishing = true;
        reader.stop();
        readerThread.join(TimeUnit.SECONDS.toMillis(10));
        if (reader.died) {
            throw new IllegalStateException(reader.lastProblem);
        }
        if (cutWatch != null) {
            cutWatch.stop();
            if (stalled > 0) {
                out.put("stalled_cut_after_s", cutWatch.cutAfterSeconds() == null ? null : round(cutWatch.cutAfterSeconds(), 2));
                out.put("stalled_cut_by_metrics", cutWatch.lastCount());
            }
        }
        int stalledCut = stalled > 0 ? reader.checkStalled(TimeUnit.SECONDS.toNanos(5)) : 0;

        // accounting over the healthy subscribers
        BitSet accepted = publisher.accepted;
        long acceptedCount = accepted.cardinality();
        long[] acceptedPerTopic = new long[Math.max(1, topics.count())];
        for (int seq = accepted.nextSetBit(0); seq >= 0; seq = accepted.nextSetBit(seq + 1)) {
            acceptedPerTopic[topics.routed() ? seq % topics.count() : 0]++;
        }
        long expected = 0;
        long misrouted = 0;
        long delivered = 0;
        long deliveredUnacknowledged = 0; // events whose publish got no 2xx (an error, a dropped connection) yet arrived
        long lost = 0;
        long duplicates = 0;
        long reordered = 0;
        long reorderedRaw = 0;
        long reconnects = 0;
        long errorEvents = 0;
        long refusals = 0;
        int failed = 0;
        int lossyStreams = 0;
        String aFailure = null;
        for (LoadSubscriber s : reader.subscribers) {
            if (s.stalled) {
                continue;
            }
            long received = 0;
            long got = 0;
            for (int seq = s.received.nextSetBit(0); seq >= 0; seq = s.received.nextSetBit(seq + 1)) {
                if (!topics.reads(s.index, seq)) {
                    misrouted++;
                    continue;
                }
                received++;
                got += accepted.get(seq) ? 1 : 0;
            }
            long mine = acceptedPerTopic[topics.routed() ? s.index % topics.count() : 0];
            long missed = mine - got;
            expected += mine;
            delivered += got;
            deliveredUnacknowledged += received - got;
            lost += missed;
            lossyStreams += missed > 0 ? 1 : 0;
            duplicates += s.duplicates;
            reordered += s.reordered;
            reorderedRaw += s.reorderedRaw;
            reconnects += s.reconnects;
            errorEvents += s.errorEvents;
            refusals += s.refusals;
            if (s.failure != null) {
                failed++;
                aFailure = s.failure;
            }
        }
        reader.closeAll();

        double window = (wall1 - wall0) / 1e9;
        double serverCpu = serverCpu1.secondsSince(serverCpu0);
        double loaderCpu = loaderCpu1.secondsSince(loaderCpu0);
        long deliveriesInWindow = frames1 - frames0;
        long sent = publisher.sent;
        double achieved = sent > 1 && publisher.lastSend > publisher.firstSend
                ? (sent - 1) / ((publisher.lastSend - publisher.firstSend) / 1e9) : Double.NaN;
        LoadHistogram h = reader.histogram;

        out.put("rate_achieved", round(achieved, 1));
        out.put("published", sent);
        out.put("publish_errors", publisher.errors);
        out.put("expected", expected);
        out.put("delivered", delivered);
        out.put("lost", lost);
        out.put("duplicates", duplicates);
        out.put("reordered", reordered);
        out.put("reconnects", reconnects);
        out.put("p50_ms", ms(h.percentile(0.50)));
        out.put("p99_ms", ms(h.percentile(0.99)));
        out.put("p999_ms", ms(h.percentile(0.999)));
        out.put("max_ms", ms(h.max()));
        out.put("server_cpu_s", round(serverCpu, 3));
        out.put("cpu_us_per_delivery", deliveriesInWindow > 0 ? round(serverCpu * 1e6 / deliveriesInWindow, 3) : null);
        out.put("loader_cpu_pct", round(100 * loaderCpu / window, 1));
        out.put("server_cpu_pct", round(100 * serverCpu / window, 1));
        out.put("stalled_cut", stalled > 0 ? stalledCut == stalled : null);
        // details
        out.put("stalled_cut_count", stalledCut);
        out.put("stalled_backlog_kb", stalled > 0 ? reader.stalledBacklogBytes / 1024 : null);
        out.put("reordered_raw", reorderedRaw);
        out.put("delivered_unacknowledged", deliveredUnacknowledged);
        out.put("accepted", acceptedCount);
        out.put("latency_samples", h.count());
        out.put("deliveries_in_window", deliveriesInWindow);
        out.put("window_s", round(window, 3));
        out.put("drain_ms", round(drainNanos / 1e6, 1));
        out.put("drain_missing", missing);
        out.put("lossy_streams", lossyStreams);
        out.put("failed_subscribers", failed);
        out.put("cut_notices", errorEvents);
        out.put("refusals", refusals);
        out.put("foreign_events", reader.foreignEvents);
        out.put("misrouted", misrouted);
        out.put("max_publish_late_ms", round(publisher.maxLateNanos / 1e6, 2));
        out.put("loader_reads", reads1 - reads0);
        out.put("loader_selects", selects1 - selects0);
        out.put("publish_conns", publishConnections);
        out.put("publish_reconnects", publisher.reconnects);

        log("published %d (%.1f/s achieved, %d errors), expected %d, delivered %d, lost %d, dup %d, reordered %d, "
                        + "reconnects %d; latency p50 %s p99 %s p999 %s max %s ms; server %.3f s CPU = %s us/delivery; loader %.1f%%",
                sent, achieved, publisher.errors, expected, delivered, lost, duplicates, reordered,
                reconnects, out.get("p50_ms"), out.get("p99_ms"), out.get("p999_ms"), out.get("max_ms"), serverCpu,
                out.get("cpu_us_per_delivery"), 100 * loaderCpu / window);
        if (misrouted > 0) {
            log("%d event(s) reached a subscriber of another topic", misrouted);
        }
        if (failed > 0) {
            log("%d subscriber(s) failed, e.g.: %s", failed, aFailure);
        }
        if (stalled > 0) {
            log("stalled subscribers cut by the server: %d of %d (%d KiB still to read at the end)", stalledCut, stalled,
                    reader.stalledBacklogBytes / 1024);
        }
    }

    /**
     * Polls (every 5 ms, counted on the reader thread) until every healthy open stream has the last accepted event
     * it reads, or the deadline passed; returns how many still lack it.
     */
    private static int awaitDrain(LoadReader reader, int[] lastAccepted, LoadTopics topics, long deadline) {
        AtomicInteger missing = new AtomicInteger();
        try {
            // at least one count, even with the deadline already past (--drain-timeout 0)
            LoadWait.polling(Duration.ofMillis(5)).atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .until(() -> {
                        missing.set(missing(reader, lastAccepted, topics));
                        return missing.get() == 0;
                    });
        } catch (ConditionTimeoutException e) {
            // the drain timeout: the caller reports the streams still missing their last event
        }
        return missing.get();
    }

    /** Healthy open streams without the last accepted event they read: counted on the reader thread, which owns them. */
    private static int missing(LoadReader reader, int[] lastAccepted, LoadTopics topics) throws Exception {
        return reader.call(() -> {
            int m = 0;
            for (LoadSubscriber s : reader.subscribers) {
                int last = lastAccepted[topics.routed() ? s.index % topics.count() : 0];
                if (!s.stalled && s.phase != LoadSubscriber.CLOSED && last >= 0 && !s.received.get(last)) {
                    m++;
                }
            }
            return m;
        });
    }

    /** Per topic (one slot without topics), the last accepted event on it, or -1. */
    private static int[] lastAcceptedPerTopic(BitSet accepted, long total, LoadTopics topics) {
        int[] last = new int[Math.max(1, topics.count())];
        java.util.Arrays.fill(last, -1);
        int left = last.length;
        for (int seq = accepted.previousSetBit((int) total - 1); seq >= 0 && left > 0; seq = accepted.previousSetBit(seq - 1)) {
            int topic = topics.routed() ? seq % topics.count() : 0;
            if (last[topic] < 0) {
                last[topic] = seq;
                left--;
            }
        }
        return last;
    }

    private long progress(LoadReader reader, LoadPublisher publisher, long t0, long nextProgress) {
        long now = System.nanoTime();
        if (now < nextProgress) {
            return nextProgress;
        }
        double elapsed = Math.max(1e-9, (now - t0) / 1e9);
        log("%5.1fs published %d (%.0f/s) errors %d | received %d | streaming %d reconnects %d failed %d%s",
                elapsed, publisher.sent, publisher.sent / elapsed, publisher.errors, reader.frames, reader.streaming,
                reader.reconnectCount, reader.failed, reader.lastProblem == null ? "" : " | last problem: " + reader.lastProblem);
        return nextProgress + TimeUnit.SECONDS.toNanos(1);
    }

    // ---------------------------------------------------------------- memory

    private void memory() throws Exception {
        int subscribers = intOption("subscribers", -1);
        if (subscribers < 1) {
            throw new IllegalArgumentException("--subscribers must be positive");
        }
        boolean jcmd = options.containsKey("jcmd");
        out.put("subscribers", subscribers);
        checkFileLimit(subscribers);

        long rssBefore = LoadProc.rssKb(pid);
        long heapBefore = jcmd ? LoadProc.heapUsedKbAfterGc(pid) : -1;
        jcmd &= heapBefore >= 0;
        log("server RSS before: %d KiB%s", rssBefore, jcmd ? ", heap used after GC: " + heapBefore + " KiB" : "");

        LoadReader reader = new LoadReader(address, hostHeader, subscribePath, subscribers, 0, 0, 0, new AtomicIntegerArray(0),
                intOption("connect-window", 256), LoadTopics.NONE);
        Thread readerThread = new Thread(reader, "load-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        int opened = awaitOpen(reader, subscribers, false);
        log("connections opened: %d of %d", opened, subscribers);

        long rssHeld = stableRss();
        long heapHeld = jcmd ? LoadProc.heapUsedKbAfterGc(pid) : -1;
        int streamingAtHeld = reader.streaming;
        log("server RSS holding %d streams: %d KiB (%+.1f KiB per connection)%s", streamingAtHeld, rssHeld,
                (rssHeld - rssBefore) / (double) Math.max(1, opened), jcmd ? ", heap " + heapHeld + " KiB" : "");

        reader.finishing = true;
        reader.stop();
        readerThread.join(TimeUnit.SECONDS.toMillis(10));
        reader.closeAll();
        log("closed all; waiting for the server's RSS to settle");
        long rssAfter = stableRss();
        long heapAfter = jcmd ? LoadProc.heapUsedKbAfterGc(pid) : -1;

        out.put("opened", opened);
        out.put("streaming_at_held", streamingAtHeld);
        out.put("rss_before_kb", rssBefore);
        out.put("rss_held_kb", rssHeld);
        out.put("rss_per_conn_kb", opened > 0 ? round((rssHeld - rssBefore) / (double) opened, 2) : null);
        out.put("rss_after_kb", rssAfter);
        if (jcmd) {
            out.put("heap_before_kb", heapBefore);
            out.put("heap_held_kb", heapHeld);
            out.put("heap_per_conn_kb", opened > 0 && heapHeld >= 0 ? round((heapHeld - heapBefore) / (double) opened, 2) : null);
            out.put("heap_after_kb", heapAfter);
        }
        out.put("failed_subscribers", reader.failed);
        log("server RSS after closing: %d KiB%s", rssAfter, jcmd ? ", heap " + heapAfter + " KiB" : "");
    }

    /** VmRSS once two samples 1 s apart are within 1% (at most 30 s). */
    private long stableRss() {
        AtomicLong last = new AtomicLong(LoadProc.rssKb(pid));
        try {
            // samples at 1, 2, ... 30 s after the first: the half second over 30 leaves room for the last of them
            LoadWait.polling(Duration.ofSeconds(1)).pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofMillis(30_500))
                    .until(() -> rssSettled(last));
        } catch (ConditionTimeoutException e) {
            log("RSS did not settle within 30 s; using the last sample");
        }
        return last.get();
    }

    /** Takes a VmRSS sample into {@code last}: whether it is within 1% of the one before. */
    private boolean rssSettled(AtomicLong last) {
        long current = LoadProc.rssKb(pid);
        if (current < 0) {
            throw new IllegalStateException("server " + pid + " is gone");
        }
        long previous = last.getAndSet(current);
        return Math.abs(current - previous) <= 0.01 * previous;
    }

    // ---------------------------------------------------------------- common

    /** Waits until {@code count} subscribers have had their response head; fails loudly (or, if not strict, warns) on timeout. */
    private int awaitOpen(LoadReader reader, int count, boolean strict) {
        double timeout = doubleOption("open-timeout", Math.max(60, count / 200.0));
        long start = System.nanoTime();
        AtomicLong nextProgress = new AtomicLong(start + TimeUnit.SECONDS.toNanos(1));
        try {
            LoadWait.polling(Duration.ofMillis(10)).atMost(Duration.ofNanos((long) (timeout * 1e9)))
                    .until(() -> openingOver(reader, count, nextProgress));
        } catch (ConditionTimeoutException e) {
            // reported below, with the counts as they are now
        }
        if (reader.opened < count) {
            String message = String.format(Locale.ROOT, "only %d of %d subscribers got a response head within %.0f s "
                    + "(%d given up on; last problem: %s)", reader.opened, count, (System.nanoTime() - start) / 1e9,
                    reader.failed, reader.lastProblem);
            if (strict) {
                throw new IllegalStateException(message);
            }
            log("WARNING: %s", message);
            return reader.opened;
        }
        log("%d subscribers open in %.2f s", count, (System.nanoTime() - start) / 1e9);
        return reader.opened;
    }

    /**
     * Whether the opening is over: every subscriber has its head, or each of the others was given up on. Logs the
     * progress once a second while it is not.
     */
    private static boolean openingOver(LoadReader reader, int count, AtomicLong nextProgress) {
        if (reader.opened >= count || reader.opened + reader.failed >= count && reader.failed > 0) {
            return true;
        }
        if (System.nanoTime() > nextProgress.get()) {
            log("opening: %d of %d have their head (%d connect errors, %d refusals)%s", reader.opened, count,
                    reader.connectErrors, reader.refusalCount, reader.lastProblem == null ? "" : "; last problem: " + reader.lastProblem);
            nextProgress.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
        return false;
    }

    private void checkFileLimit(int sockets) {
        long soft = LoadProc.openFileSoftLimit();
        log("open-file limit: %s; this run needs about %d sockets", LoadProc.openFileLimit(), sockets);
        if (soft > 0 && sockets + 64 > soft) {
            log("WARNING: the open-file limit (%d) is below what this run needs; raise it with ulimit -n", soft);
        }
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private int intOption(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            if (fallback < 0) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants an integer, not " + value);
        }
    }

    private double doubleOption(String name, double fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a number, not " + value);
        }
    }

    private static final java.util.Set<String> FLAGS = java.util.Set.of("jcmd", "cut-metrics");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("url", "pid", "subscribers", "rate", "seconds",
            "warmup", "stalled", "cut-metrics", "mode", "label", "jcmd", "publish-conns", "pipeline", "drain-timeout", "open-timeout",
            "connect-window", "poll-us", "storm", "retained", "event-bytes", "topics", "subscribe-path", "publish-url");

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    private static void log(String format, Object... args) {
        System.err.println("[FanoutLoad] " + String.format(Locale.ROOT, format, args));
    }

    private static double nullable(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static Double ms(long nanos) {
        return nanos < 0 ? null : round(nanos / 1e6, 3);
    }

    private static Double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static String json(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                quote(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
