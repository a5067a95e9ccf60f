package io.ssehub.fanout;

/**
 * How much may wait for one subscriber before it counts as too slow and is cut off (it then resumes
 * from the log with its last id, so nothing is lost, only delayed).
 */
record QueueLimits(int events, int bytes) {

    boolean exceededBy(int queuedEvents, int queuedBytes) {
        return queuedEvents > events || queuedBytes > bytes;
    }
}
