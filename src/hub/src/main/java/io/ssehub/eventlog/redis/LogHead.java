package io.ssehub.eventlog.redis;

import java.util.List;

/**
 * The log's epoch and the sequence of its newest event (0 before the first), as one script read both.
 *
 * @param epoch    the token that begins every id of this log's life; a new one after Redis lost its data
 * @param sequence the newest event's sequence, dense from 1
 */
record LogHead(String epoch, long sequence) {

    /** Reads a script's {@code {epoch, sequence}} answer. */
    static LogHead of(List<Object> answer) {
        return new LogHead((String) answer.get(0), (Long) answer.get(1));
    }
}
