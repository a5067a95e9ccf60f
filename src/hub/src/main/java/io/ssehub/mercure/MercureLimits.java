package io.ssehub.mercure;

/** Bounds of the Mercure endpoint that no setting needs to change, each with its reason. */
final class MercureLimits {

    /**
     * Most {@code topic} parameters of a subscription, and most topics of an update. The spec lets a hub
     * bound them; each selector is compiled and held while the stream is open and tried on every update, so
     * their number is what a subscriber could make each update cost. Real applications use a handful.
     */
    static final int MAX_TOPICS = 128;
    /**
     * Most pattern instructions ({@link TopicSelectors#cost()}) of one subscription's template selectors.
     * Matching runs on the stream's lane for every update, in time that grows with the topic's length times
     * this: the bound keeps what one subscriber can make each update cost a lane small. Real templates take
     * a few dozen each ({@code https://example.com/books/{id}} takes 37).
     */
    static final int MAX_SELECTOR_COST = 2_000;

    private MercureLimits() {
    }
}
