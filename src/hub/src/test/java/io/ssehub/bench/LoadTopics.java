package io.ssehub.bench;

/**
 * How a run spreads its events over topics. With none ({@code count} 0), every event is on the topic
 * {@code bench} and every stream reads every topic. With {@code count} topics, event {@code seq} is on topic
 * {@code seq % count} and stream {@code i} reads topic {@code i % count} only: with as many streams as topics,
 * each stream has a topic of its own and each event one reader. Topic names have a fixed length (so every
 * publish has the same length): {@code t} and the topic's number, zero-padded.
 */
record LoadTopics(int count) {

    static final LoadTopics NONE = new LoadTopics(0);

    LoadTopics {
        if (count < 0) {
            throw new IllegalArgumentException("--topics must not be negative");
        }
    }

    boolean routed() {
        return count > 0;
    }

    /** The topic event {@code seq} is published on. */
    String ofEvent(long seq) {
        return routed() ? name((int) (seq % count)) : "bench";
    }

    /** The topic stream {@code index} asks for, or null for every topic. */
    String ofStream(int index) {
        return routed() ? name(index % count) : null;
    }

    /** Whether stream {@code index} should get event {@code seq}. */
    boolean reads(int index, long seq) {
        return !routed() || seq % count == index % count;
    }

    private String name(int topic) {
        String digits = Integer.toString(topic);
        int width = Integer.toString(Math.max(0, count - 1)).length();
        return "t" + "0".repeat(width - digits.length()) + digits;
    }
}
