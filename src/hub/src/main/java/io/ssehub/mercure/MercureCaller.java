package io.ssehub.mercure;

import java.time.Instant;
import java.util.Optional;

/**
 * Who is calling the Mercure endpoint, once its token (or its absence) has been judged.
 *
 * @param claims       what it may publish to and receive private updates of
 * @param expiresAt    when its token expires: its stream is closed then (spec, "Subscribers")
 * @param publisherKey what its publishes are rate-limited under: the token's subject, or the client address
 */
record MercureCaller(MercureClaims claims, Optional<Instant> expiresAt, String publisherKey) {
}
