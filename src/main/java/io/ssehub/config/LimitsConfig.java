package io.ssehub.config;

/**
 * How much the hub takes on: open streams in all and per client address (over either: 503 with a
 * jittered Retry-After), and publishes per second per publisher (over it: 429 with Retry-After).
 *
 * @param maxStreams           open streams the hub accepts in all
 * @param maxStreamsPerAddress open streams one client address may hold
 * @param publishRate          publishes per second one publisher (token subject, or address) may make
 * @param publishBurst         publishes one publisher may make at once before the rate applies
 */
public record LimitsConfig(int maxStreams, int maxStreamsPerAddress, int publishRate, int publishBurst) {

    public LimitsConfig {
        if (maxStreams < 1) {
            throw new InvalidSettingException(Setting.STREAMS_MAX, "must be at least 1");
        }
        if (maxStreamsPerAddress < 1) {
            throw new InvalidSettingException(Setting.STREAMS_MAX_PER_ADDRESS, "must be at least 1");
        }
        if (publishRate < 1) {
            throw new InvalidSettingException(Setting.PUBLISH_RATE, "must be at least 1 per second");
        }
        if (publishBurst < 1) {
            throw new InvalidSettingException(Setting.PUBLISH_BURST, "must be at least 1");
        }
    }
}
