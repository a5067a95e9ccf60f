package io.ssehub.fanout;

import java.time.Instant;
import java.util.Optional;

/**
 * What a stream is admitted on: when it must end at the latest (its token's expiry), and what to give
 * back when it ends (its place under the connection limits).
 *
 * @param endBy    the stream is closed, with a notice and a retry hint, no later than this
 * @param onClosed run once when the stream closes, however it closes
 */
public record StreamTerms(Optional<Instant> endBy, Runnable onClosed) {

    private static final StreamTerms OPEN_ENDED = new StreamTerms(Optional.empty(), () -> { });

    public static StreamTerms openEnded() {
        return OPEN_ENDED;
    }
}
