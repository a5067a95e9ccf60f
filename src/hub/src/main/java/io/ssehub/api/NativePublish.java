package io.ssehub.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ssehub.config.LimitsConfig;
import io.ssehub.core.Hub;
import io.ssehub.event.Event;
import io.ssehub.event.EventDraft;
import io.ssehub.event.Json;
import io.ssehub.refusal.Refusal;
import io.ssehub.security.Caller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The native publish, whoever carries the request: {@link EventsResource} through Jersey, or a runtime that
 * serves the plain case itself. In two steps, so that such a runtime can hand a request it cannot answer
 * back to Jersey untouched: {@link #check} refuses without changing anything (body, field rules, the
 * caller's grant), {@link #publish} then takes the publisher's rate and appends.
 */
public final class NativePublish {

    /** Room for most answers to a publish: an id, a topic and a type of a few dozen characters each. */
    private static final int ANSWER_BYTES = 128;

    private final Hub hub;

    public NativePublish(Hub hub) {
        this.hub = hub;
    }

    /** A publish that passed every check that changes nothing. */
    public record Checked(EventDraft draft, Caller caller) {
    }

    /** A batch that passed every check that changes nothing. */
    public record CheckedBatch(List<EventDraft> drafts, Caller caller) {
    }

    /**
     * @param body the whole body, already held to {@code publish.max.bytes}
     * @throws Refusal when the body or the caller's grant refuses it; nothing has changed
     */
    public Checked check(byte[] body, Caller caller) {
        EventDraft draft = PublishRequest.parse(body);
        caller.grants().requirePublish(draft.topic());
        return new Checked(draft, caller);
    }

    /**
     * A batch: at most {@code publish.batch.max.events} events and never more than {@code publish.burst} (a
     * larger batch could never be taken at once), each held to {@code publish.max.bytes}, every topic granted.
     *
     * @param body the whole body, already held to {@code publish.batch.max.bytes}
     * @throws Refusal when the body, one of its events or the caller's grant refuses it; nothing has changed
     */
    public CheckedBatch checkBatch(byte[] body, Caller caller) {
        LimitsConfig limits = hub.config().limits();
        boolean burstBound = limits.publishBurst() < limits.batchMaxEvents();
        List<EventDraft> drafts = PublishRequest.parseBatch(body, burstBound ? limits.publishBurst() : limits.batchMaxEvents(),
                burstBound ? "publish.burst" : "publish.batch.max.events", hub.config().maxDataBytes());
        for (int i = 0; i < drafts.size(); i++) {
            try {
                caller.grants().requirePublish(drafts.get(i).topic());
            } catch (Refusal refusal) {
                throw refusal.at("[" + i + "]");
            }
        }
        return new CheckedBatch(drafts, caller);
    }

    /**
     * Publishes within the publisher's rate; the answer's body (201), {@code {"id":…,"topic":…,"type":…}}.
     *
     * @throws Refusal (too many publishes, the hub or its log unavailable)
     */
    public byte[] publish(Checked checked) {
        return answer(hub.publish(checked.draft(), checked.caller().publisherKey()));
    }

    /**
     * {@link #publish(Checked)} without holding the calling thread while the log confirms the append: the
     * future fails with the refusal {@code publish} would throw.
     *
     * @throws Refusal (too many publishes, the hub unavailable) at once, before anything is appended
     */
    public CompletableFuture<byte[]> publishAsync(Checked checked) {
        return hub.publishAsync(checked.draft(), checked.caller().publisherKey())
                .thenApply(NativePublish::answer);
    }

    /**
     * Publishes a batch in order, counted as that many publishes against the publisher's rate; the answer's
     * body (201), {@code {"events":[{"id":…,"topic":…,"type":…}, …]}} in the batch's order.
     *
     * @throws Refusal (too many publishes, the hub or its log unavailable: see {@link Hub#publishAll})
     */
    public byte[] publish(CheckedBatch checked) {
        List<Event> events = hub.publishAll(checked.drafts(), checked.caller().publisherKey());
        return written(ANSWER_BYTES * events.size(), answer -> {
            answer.writeStartObject();
            answer.writeArrayFieldStart("events");
            for (Event event : events) {
                acknowledge(answer, event);
            }
            answer.writeEndArray();
            answer.writeEndObject();
        });
    }

    /**
     * {@code {"id":…,"topic":…,"type":…}}, written field by field: the hub's most frequent answer, where a bean
     * serializer (reflection on the records' accessors) and a string in between had taken 4 % of a profile of
     * publishes. A batch's answer lists the same objects ({@link #acknowledge}).
     */
    static byte[] answer(Event event) {
        String id = event.id().text();
        String type = event.type();
        if (type != null && Json.writtenAsIs(id) && Json.writtenAsIs(event.topic()) && Json.writtenAsIs(type)) {
            // The bytes the generator writes for these (NativePublishAnswerTest), without making one per publish.
            return ("{\"id\":\"" + id + "\",\"topic\":\"" + event.topic() + "\",\"type\":\"" + type + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return written(ANSWER_BYTES, answer -> acknowledge(answer, event));
    }

    /** One event's acknowledgement: its id, as its subscribers see it, its topic and its type. */
    private static void acknowledge(JsonGenerator answer, Event event) throws IOException {
        answer.writeStartObject();
        answer.writeStringField("id", event.id().text());
        answer.writeStringField("topic", event.topic());
        answer.writeStringField("type", event.type());
        answer.writeEndObject();
    }

    /** What {@code writing} writes, as JSON bytes. */
    private static byte[] written(int expectedBytes, JsonWriting writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedBytes);
        try (JsonGenerator answer = Json.MAPPER.createGenerator(bytes)) {
            writing.writeTo(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to memory", e);
        }
        return bytes.toByteArray();
    }

    private interface JsonWriting {
        void writeTo(JsonGenerator answer) throws IOException;
    }
}
