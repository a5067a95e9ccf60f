package io.ssehub.fanout;

import io.ssehub.event.Event;
import io.ssehub.wire.SseFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Events a lane delivers together, with their frames; a subscriber that wants all of them is handed
 * the same joined frame as every other such subscriber, made once.
 */
final class Batch {

    private final List<Event> events = new ArrayList<>();
    private final List<SseFrame> frames = new ArrayList<>();
    private List<SseFrame> all;
    private int bytes;

    void add(Event event, SseFrame frame) {
        events.add(event);
        frames.add(frame);
        bytes += frame.size();
        all = null;
    }

    /** Encoded size of every frame of the batch. */
    int bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    Event event(int index) {
        return events.get(index);
    }

    SseFrame frame(int index) {
        return frames.get(index);
    }

    /** Every frame of the batch as one write, shared by the subscribers that take them all. */
    List<SseFrame> all() {
        if (all == null) {
            all = frames.size() == 1 ? List.of(frames.get(0)) : List.of(SseFrame.join(frames.toArray(SseFrame[]::new)));
        }
        return all;
    }

    void clear() {
        events.clear();
        frames.clear();
        bytes = 0;
        all = null;
    }
}
