package io.ssehub.bench;

/**
 * Log-linear latency histogram in nanoseconds: 1 µs buckets up to 1 ms, then buckets 1% wide up to
 * 10 minutes (a replay storm delays live events by over a minute on an engine that does not pace replays),
 * then one overflow bucket. A percentile is reported as the upper edge of its bucket (never above
 * the exact maximum), so it overstates by at most 1 µs or 1%. Single-threaded; about 19 KiB.
 */
final class LoadHistogram {

    private static final long LINEAR_STEP_NS = 1_000;
    private static final int LINEAR_BUCKETS = 1_000; // up to 1 ms
    private static final long LINEAR_LIMIT_NS = LINEAR_STEP_NS * LINEAR_BUCKETS;
    private static final double RATIO = 1.01;
    private static final double LOG_RATIO = Math.log(RATIO);
    private static final long TOP_NS = 600_000_000_000L;
    private static final int LOG_BUCKETS = (int) Math.ceil(Math.log((double) TOP_NS / LINEAR_LIMIT_NS) / LOG_RATIO);
    private static final int OVERFLOW = LINEAR_BUCKETS + LOG_BUCKETS;

    private final long[] counts = new long[OVERFLOW + 1];
    private long count;
    private long max = Long.MIN_VALUE;
    private long negative;

    void record(long nanos) {
        if (nanos < 0) {
            negative++; // impossible with one monotonic clock; counted, kept out of the buckets
            return;
        }
        int index;
        if (nanos < LINEAR_LIMIT_NS) {
            index = (int) (nanos / LINEAR_STEP_NS);
        } else {
            index = Math.min(OVERFLOW, LINEAR_BUCKETS + (int) (Math.log((double) nanos / LINEAR_LIMIT_NS) / LOG_RATIO));
        }
        counts[index]++;
        count++;
        if (nanos > max) {
            max = nanos;
        }
    }

    /** Adds {@code other}'s values to this one's. */
    void add(LoadHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        negative += other.negative;
        max = Math.max(max, other.max);
    }

    long count() {
        return count;
    }

    long negative() {
        return negative;
    }

    /** Nanoseconds at or below which a fraction {@code p} of the values lie; -1 when empty. */
    long percentile(double p) {
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperEdge(i), max);
            }
        }
        return max;
    }

    long max() {
        return count == 0 ? -1 : max;
    }

    private static long upperEdge(int index) {
        if (index < LINEAR_BUCKETS) {
            return (index + 1) * LINEAR_STEP_NS;
        }
        if (index >= OVERFLOW) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(LINEAR_LIMIT_NS * Math.pow(RATIO, index - LINEAR_BUCKETS + 1));
    }
}
