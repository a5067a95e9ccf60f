package io.ssehub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the hub cut the subscribers that stopped reading: polls the hub's {@code GET /metrics} for its count
 * of streams cut as too slow, and notes the first time it reaches the number of stalled subscribers. The
 * stalled sockets themselves are never read during the run (reading them would unstall them), so the
 * server's own count is what says when. Only this project's hub has the meter.
 *
 * <p>It polls for the whole run, whatever the target (0 in a reference run without stalled subscribers):
 * each scrape costs the server work, and a comparison between two runs holds only if both carry it alike.
 */
final class LoadCutWatch implements Runnable {

    private static final Pattern SLOW_CUTS =
            Pattern.compile("^ssehub_streams_cut_total\\{[^}]*reason=\"slow-consumer\"[^}]*}\\s+([0-9.eE+]+)", Pattern.MULTILINE);
    private static final Duration POLL = Duration.ofMillis(250);

    private final URI metrics;
    private final int target;
    private final long startNanos;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Seconds from the start until the count reached the target; negative while it has not. */
    private volatile double cutAfterSeconds = -1;
    private volatile long lastCount;
    private volatile boolean stopped;

    LoadCutWatch(URI base, int target, long startNanos) {
        this.metrics = base.resolve("metrics");
        this.target = target;
        this.startNanos = startNanos;
    }

    /**
     * Polls every {@link #POLL} on this thread, the first time at once, until {@link #stop} is called or the
     * thread is interrupted (either ends the watch at its next poll).
     */
    @Override
    public void run() {
        LoadWait.polling(POLL).forever().until(this::over);
    }

    /** One poll: whether the watch is over. */
    private boolean over() {
        if (stopped || Thread.currentThread().isInterrupted()) {
            return true;
        }
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = SLOW_CUTS.matcher(answer.body());
            if (answer.statusCode() == 200 && m.find()) {
                lastCount = (long) Double.parseDouble(m.group(1));
                if (target > 0 && lastCount >= target && cutAfterSeconds < 0) {
                    cutAfterSeconds = (System.nanoTime() - startNanos) / 1e9;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the interrupt is a stop: kept for whoever started this thread
            return true;
        } catch (Exception e) {
            // the next poll tries again; a hub without the meter just never reports a time
        }
        return false;
    }

    void stop() {
        stopped = true;
    }

    /** Seconds from the start of publishing until every stalled subscriber was cut, or null when they were not. */
    Double cutAfterSeconds() {
        return cutAfterSeconds < 0 ? null : cutAfterSeconds;
    }

    long lastCount() {
        return lastCount;
    }
}
