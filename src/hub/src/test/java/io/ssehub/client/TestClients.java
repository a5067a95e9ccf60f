package io.ssehub.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Client settings that keep tests quick, and a look at the client's threads. */
final class TestClients {

    static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Hub settings for client tests: frequent keep-alive comments wake a reader on a quiet stream, so
     * closing a subscription takes no longer than one of them; a short retry hint keeps resumes quick.
     */
    static final Map<String, String> LIVELY_HUB = Map.of("heartbeat.interval", "200ms", "retry", "100ms");

    private TestClients() {
    }

    /** Short waits between attempts; otherwise the defaults. */
    static HubClientBuilder quick(URI hub) {
        return HubClient.builder(hub)
                .initialRetry(Duration.ofMillis(50))
                .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    /** The client's threads that are alive now. */
    static Set<Thread> liveClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(ClientThreads.PREFIX))
                .collect(Collectors.toSet());
    }
}
