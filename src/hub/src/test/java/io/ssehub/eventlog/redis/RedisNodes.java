package io.ssehub.eventlog.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ssehub.testing.RedisProcess;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Hub nodes on a test's Redis, with short timeouts, and what the tests read from their ids and streams. */
final class RedisNodes {

    static final Duration WAIT = Duration.ofSeconds(10);

    private RedisNodes() {
    }

    static TestHub node(RedisProcess on, String prefix, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("eventlog", "redis", "redis.uri", on.uri(),
                "redis.key.prefix", prefix, "redis.command.timeout", "500ms", "redis.tail.block", "200ms",
                "retry", "100ms"));
        settings.putAll(more);
        return TestHub.start(settings);
    }

    /** A stream whose greeting has arrived: its lane has opened it, so every later event reaches it. */
    static SseStream subscribe(TestHub node, String query, Map<String, String> headers) {
        SseStream stream = SseStream.open(node.uri("events" + query), headers);
        assertEquals(200, stream.response().statusCode());
        assertNotNull(stream.next(WAIT).field("retry"), "the greeting");
        return stream;
    }

    static SseStream subscribe(TestHub node, String query) {
        return subscribe(node, query, Map.of());
    }

    static long sequence(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    static String epoch(String id) {
        return id.substring(0, id.indexOf('-'));
    }
}
