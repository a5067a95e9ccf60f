package io.ssehub.fanout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The set of live subscribers, and its only owner. Iteration is lock-free and weakly consistent, so
 * delivering an event never blocks registration and never does I/O under a lock.
 */
final class SubscriberRegistry {

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    void add(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    boolean remove(Subscriber subscriber) {
        boolean removed = subscribers.remove(subscriber);
        if (removed && subscribers.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
        return removed;
    }

    /** Waits until no subscriber is left, at most {@code timeout}; @return whether none is left. */
    synchronized boolean awaitEmpty(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!subscribers.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    void forEach(Consumer<Subscriber> action) {
        subscribers.forEach(action);
    }

    List<Subscriber> snapshot() {
        return List.copyOf(subscribers);
    }

    int size() {
        return subscribers.size();
    }
}
