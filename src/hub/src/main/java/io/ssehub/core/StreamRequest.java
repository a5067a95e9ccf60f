package io.ssehub.core;

import io.ssehub.fanout.StreamTerms;
import io.ssehub.fanout.Subscription;
import java.time.Instant;
import java.util.Optional;

/**
 * A stream a client asked for, once validated and authorised by the protocol in front of the hub.
 *
 * @param subscription  its topics and where it resumes
 * @param endBy         when it must end at the latest (the expiry of the token it was opened with)
 * @param clientAddress the network address it came from, when the runtime knows it: counted against the
 *                      per-address limit (a stream without one counts against the total only)
 * @param onEnded       told once when the stream ends, however it ends
 */
public record StreamRequest(Subscription subscription, Optional<Instant> endBy, Optional<String> clientAddress,
                            StreamTerms.StreamEnd onEnded) {

    /** Every topic, live from now (or resuming after {@code lastEventId}), open-ended, no address. */
    public static StreamRequest of(Subscription subscription) {
        return new StreamRequest(subscription, Optional.empty(), Optional.empty(), StreamTerms.StreamEnd.IGNORED);
    }

    public StreamRequest onEnded(StreamTerms.StreamEnd listener) {
        return new StreamRequest(subscription, endBy, clientAddress, listener);
    }
}
