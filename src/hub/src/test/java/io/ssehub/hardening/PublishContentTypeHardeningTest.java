package io.ssehub.hardening;

import static io.ssehub.hardening.Problems.assertDetailSays;
import static io.ssehub.hardening.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A publish is JSON and says so (README: a body that is not application/json is refused with 415). */
class PublishContentTypeHardeningTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BODY = "{\"topic\":\"t\",\"type\":\"x\",\"data\":\"unlabelled\"}";

    // Threat: a body without a Content-Type header published as JSON, bypassing the media-type check the README promises.
    @Test
    void aPublishWithoutContentTypeIsRefusedAsUnsupportedAndPublishesNothing() {
        try (TestHub hub = TestHub.start(); SseStream stream = SseStream.open(hub.uri("events?topic=t"))) {
            stream.next(WAIT);
            HttpRequest unlabelled = HttpRequest.newBuilder(hub.uri("events"))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();

            assertDetailSays(assertProblem(hub.send(unlabelled), 415, "unsupported-media-type"), "application/json");
            hub.publish("t", "x", "\"labelled\"");
            assertEquals("\"labelled\"", stream.nextEvent(WAIT).data(), "the unlabelled body reached no subscriber");
        }
    }
}
