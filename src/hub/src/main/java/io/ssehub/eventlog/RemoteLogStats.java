package io.ssehub.eventlog;

/**
 * What a log kept remotely counts of itself, for the hub's meters. Read on any thread; each figure is as
 * of the moment it is read.
 */
public interface RemoteLogStats {

    /**
     * Events the log holds that this node's tail has not read yet, as far as this node knows (from its own
     * appends and from the head it reads at least once per tail block).
     */
    long tailLag();

    /** Times a connection to the remote store came back after it dropped. */
    long reconnects();

    /** Times the log began a new epoch under this node's tail (the store lost its data). */
    long epochChanges();

    /** Commands sent, other than the tail's blocking reads, answered or failed. */
    long commands();

    /** Their total time, in seconds. */
    double commandSeconds();
}
