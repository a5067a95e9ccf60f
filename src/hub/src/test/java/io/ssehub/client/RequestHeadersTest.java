package io.ssehub.client;

import static io.ssehub.client.TestClients.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What goes out with each request: the builder's headers, and the token supplier's answer of the moment. */
class RequestHeadersTest {

    @Test
    void everyReconnectCarriesTheHeadersAndTheTokenSuppliersNewAnswer() {
        // Each stream ends at once, so every request is a reconnect.
        try (ScriptedServer server = ScriptedServer.answering(ScriptedServer.Answer.stream("retry: 1\nid: 1\ndata: {}\n\n"))) {
            AtomicInteger asked = new AtomicInteger();
            try (HubClient client = TestClients.quick(server.uri())
                    .token(() -> "token-" + asked.incrementAndGet())
                    .header("X-Tenant", "blue")
                    .build()) {
                client.subscribe().open();
                await().atMost(WAIT).until(() -> server.requestCount() >= 3);
            }
            List<ScriptedServer.Received> requests = server.requests().subList(0, 3);
            assertEquals(List.of("Bearer token-1", "Bearer token-2", "Bearer token-3"),
                    requests.stream().map(ScriptedServer.Received::authorization).toList());
            assertEquals(List.of("blue", "blue", "blue"), requests.stream().map(ScriptedServer.Received::tenant).toList());
        }
    }
}
