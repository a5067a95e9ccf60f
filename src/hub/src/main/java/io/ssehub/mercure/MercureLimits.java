package io.ssehub.mercure;

/** Bounds of the Mercure endpoint that no setting needs to change, each with its reason. */
final class MercureLimits {

    /**
     * Most {@code topic} parameters of a subscription, and most topics of an update. The spec lets a hub
     * bound them; each selector is compiled and held while the stream is open and tried on every update, so
     * their number is what a subscriber could make each update cost. Real applications use a handful.
     */
    static final int MAX_TOPICS = 128;

    private MercureLimits() {
    }
}
