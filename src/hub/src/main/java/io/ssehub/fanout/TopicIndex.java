package io.ssehub.fanout;

import io.ssehub.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lane's members, indexed by what they read, so that delivering an event costs work for its readers and
 * not for every connection of the lane: a map from topic to the members subscribed to it, the members that
 * take every topic, and the members whose subscription can only be matched event by event (patterns, which
 * no exact lookup can find; kept in a list of their own so that they alone are checked per event).
 *
 * <p>Lane-thread state, owned by its {@link Lane}. Adding and removing take time in the number of the
 * member's topics (bounded by {@link Subscription#MAX_TOPICS}), never in the number of members: each member
 * knows its place in each list it is in, and the last of a list takes the place of one that leaves.
 */
final class TopicIndex {

    /** One list of members, with each member's place in it kept by the member. */
    private static final class Bucket {
        // Most topics have one or two readers (a topic per user): small until more come.
        final ArrayList<Member> members = new ArrayList<>(2);
    }

    /** A subscriber as the index holds it: the buckets it is in, and its place in each. */
    private static final class Member {
        final Subscriber subscriber;
        final Bucket[] buckets;
        final int[] places;
        /** The last batch this member was picked for: once per batch, however many of its topics the batch has. */
        long pickedIn;

        Member(Subscriber subscriber, Bucket[] buckets) {
            this.subscriber = subscriber;
            this.buckets = buckets;
            this.places = new int[buckets.length];
        }

        void placeIn(Bucket bucket, int place) {
            for (int i = 0; i < buckets.length; i++) {
                if (buckets[i] == bucket) {
                    places[i] = place;
                    return;
                }
            }
        }
    }

    private final Map<Subscriber, Member> members = new IdentityHashMap<>();
    /** Every member, in one list: what {@link #members()} copies. */
    private final Bucket all = new Bucket();
    private final Map<String, Bucket> byTopic = new HashMap<>();
    private final Bucket everyTopic = new Bucket();
    private final Bucket perEvent = new Bucket();
    private long batches;

    /** @return false when {@code subscriber} was a member already */
    boolean add(Subscriber subscriber) {
        if (members.containsKey(subscriber)) {
            return false;
        }
        Subscription subscription = subscriber.subscription();
        Bucket[] buckets = switch (subscription.routing()) {
            case EVERY_TOPIC -> new Bucket[] {all, everyTopic};
            case PER_EVENT -> new Bucket[] {all, perEvent};
            case BY_TOPIC -> {
                List<Bucket> found = new ArrayList<>(1 + subscription.topics().size());
                found.add(all);
                for (String topic : subscription.topics()) {
                    found.add(byTopic.computeIfAbsent(topic, t -> new Bucket()));
                }
                yield found.toArray(Bucket[]::new);
            }
        };
        Member member = new Member(subscriber, buckets);
        members.put(subscriber, member);
        for (int i = 0; i < buckets.length; i++) {
            member.places[i] = buckets[i].members.size();
            buckets[i].members.add(member);
        }
        return true;
    }

    /** @return false when {@code subscriber} was not a member */
    boolean remove(Subscriber subscriber) {
        Member member = members.remove(subscriber);
        if (member == null) {
            return false;
        }
        for (int i = 0; i < member.buckets.length; i++) {
            Bucket bucket = member.buckets[i];
            Member last = bucket.members.remove(bucket.members.size() - 1);
            if (last != member) {
                bucket.members.set(member.places[i], last);
                last.placeIn(bucket, member.places[i]);
            }
        }
        // A topic nobody on this lane reads any more leaves the map: topics come and go with their readers.
        for (String topic : subscriber.subscription().topics()) {
            Bucket bucket = byTopic.get(topic);
            if (bucket != null && bucket.members.isEmpty()) {
                byTopic.remove(topic);
            }
        }
        return true;
    }

    int size() {
        return all.members.size();
    }

    /** Every member, as of now. */
    List<Subscriber> members() {
        List<Subscriber> copy = new ArrayList<>(all.members.size());
        for (Member member : all.members) {
            copy.add(member.subscriber);
        }
        return copy;
    }

    /**
     * Adds to {@code readers} the members that want at least one event of {@code batch}, each once: the
     * members of each event's topic, the pattern members that match an event, and every member that takes
     * every topic. Nobody else is looked at.
     */
    void readersOf(Batch batch, List<Subscriber> readers) {
        long pick = ++batches;
        for (int e = 0; e < batch.size(); e++) {
            Event event = batch.event(e);
            // An event is found under its topic and under each of its alternates (Mercure's other topics).
            pickReadersOf(event.topic(), pick, readers);
            for (String alternate : event.alternates()) {
                pickReadersOf(alternate, pick, readers);
            }
            for (Member member : perEvent.members) {
                if (member.pickedIn != pick && member.subscriber.subscription().wants(event)) {
                    member.pickedIn = pick;
                    readers.add(member.subscriber);
                }
            }
        }
        pickAll(everyTopic, pick, readers);
    }

    private void pickReadersOf(String topic, long pick, List<Subscriber> readers) {
        Bucket bucket = byTopic.get(topic);
        if (bucket != null) {
            pickAll(bucket, pick, readers);
        }
    }

    private static void pickAll(Bucket bucket, long pick, List<Subscriber> readers) {
        ArrayList<Member> list = bucket.members;
        for (int i = 0; i < list.size(); i++) {
            Member member = list.get(i);
            if (member.pickedIn != pick) {
                member.pickedIn = pick;
                readers.add(member.subscriber);
            }
        }
    }
}
