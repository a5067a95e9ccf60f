package io.ssehub.eventlog.redis;

/**
 * The only two keys the log uses, both under the hash tag {@code {prefix}} so that they live in one slot of
 * a Redis Cluster (a script may only touch keys of one slot): the stream of events, and a hash holding the
 * epoch and the sequence of the newest event.
 */
record LogKeys(String prefix) {

    String log() {
        return "{" + prefix + "}:log";
    }

    String meta() {
        return "{" + prefix + "}:meta";
    }

    String[] both() {
        return new String[] {meta(), log()};
    }
}
