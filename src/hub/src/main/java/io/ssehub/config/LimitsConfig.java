package io.ssehub.config;

/**
 * How much the hub takes on: open streams in all and per client address (over either: 503 with a
 * jittered Retry-After), and publishes per second per publisher (over it: 429 with Retry-After). Each value
 * has been checked by its setting's rule ({@link Setting}) as {@link HubConfig} read it.
 *
 * @param maxStreams           open streams the hub accepts in all
 * @param maxStreamsPerAddress open streams one client address may hold
 * @param publishRate          publishes per second one publisher (token subject, or address) may make
 * @param publishBurst         publishes one publisher may make at once before the rate applies
 * @param batchMaxEvents       events one batch publish may hold
 * @param batchMaxBytes        largest batch publish body accepted
 * @param trustedProxies       the proxies whose forwarded headers say which client address a request counts against
 */
public record LimitsConfig(int maxStreams, int maxStreamsPerAddress, int publishRate, int publishBurst,
                           int batchMaxEvents, int batchMaxBytes, TrustedProxies trustedProxies) {
}
