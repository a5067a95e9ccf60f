package io.ssehub.config;

import java.util.Locale;

/** Where the hub keeps its events: what the setting {@code eventlog} names. */
public enum EventLogKind {
    /** A bounded ring in this process: one node, history lost on restart. */
    MEMORY,
    /** A Redis stream shared by every node on the same Redis and key prefix: many nodes, one hub. */
    REDIS;

    /** The word the setting takes. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
