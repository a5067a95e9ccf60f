package io.ssehub.fanout;

import java.time.Instant;
import java.util.Optional;

/**
 * What a stream is admitted on: when it must end at the latest (its token's expiry), and who is told,
 * once, when it ends (the hub gives back its place under the connection limits; the JAX-RS broadcaster
 * tells its close and error listeners).
 *
 * @param endBy   the stream is closed, with a notice and a retry hint, no later than this
 * @param onEnded told once when the stream ends, however it ends, even before it opened
 */
public record StreamTerms(Optional<Instant> endBy, StreamEnd onEnded) {

    private static final StreamTerms OPEN_ENDED = new StreamTerms(Optional.empty(), StreamEnd.IGNORED);

    public static StreamTerms openEnded() {
        return OPEN_ENDED;
    }

    /** Told once when a stream ends. */
    @FunctionalInterface
    public interface StreamEnd {

        StreamEnd IGNORED = (failure, outputClosed) -> { };

        /**
         * @param failure      why the output failed, or null when the stream ended otherwise
         * @param outputClosed false when the output was left open for its owner (a broadcaster closed
         *                     without cascading)
         */
        void ended(Throwable failure, boolean outputClosed);

        /** This listener, then {@code next}. */
        default StreamEnd andThen(StreamEnd next) {
            return (failure, outputClosed) -> {
                ended(failure, outputClosed);
                next.ended(failure, outputClosed);
            };
        }
    }
}
