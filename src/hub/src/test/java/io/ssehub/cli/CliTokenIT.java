package io.ssehub.cli;

import static io.ssehub.cli.CliProcess.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.security.Tokens;
import io.ssehub.testing.TestHub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tail and publish against a locked-down hub: --token, SSEHUB_TOKEN, and the token never printed. */
class CliTokenIT {

    private static final String TOKEN = Tokens.hmac(Tokens.claims(List.of("news"), List.of("news")).build());

    @Test
    void tailWithTokenFollowsALockedDownHubAndPublishTakesTheTokenFromSsehubToken() {
        try (TestHub hub = lockedDownHub();
             CliProcess tail = CliProcess.start("tail", hub.uri().toString(), "--topic", "news", "--json", "--token", TOKEN)) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);

            try (CliProcess publish = CliProcess.start(Map.of("SSEHUB_TOKEN", TOKEN), "publish", hub.uri().toString(),
                    "--topic", "news", "--type", "notification", "--data", "{\"message\":\"locked down\"}")) {
                assertEquals(0, publish.awaitExit(), publish.stderr());
                String id = publish.stdout().trim();
                tail.awaitLine(line -> line.contains(id));
                assertNoToken(tail);
                assertNoToken(publish);
            }
        }
    }

    @Test
    void tailTakesTheTokenFromSsehubTokenWhenTheOptionIsAbsent() {
        try (TestHub hub = lockedDownHub();
             CliProcess tail = CliProcess.start(Map.of("SSEHUB_TOKEN", TOKEN), "tail", hub.uri().toString(), "-t", "news")) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 1);
            String id = hub.post("{\"topic\":\"news\",\"type\":\"notification\",\"data\":{}}",
                    Map.of("Authorization", "Bearer " + TOKEN)).body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

            tail.awaitLine(line -> line.contains(id));
            assertNoToken(tail);
        }
    }

    @Test
    void aRefusedTokenExitsOneWith401AndIsNotPrinted() {
        String wrong = Tokens.hmac(Tokens.claims(List.of("news"), List.of("news")).build(),
                "another-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8));
        try (TestHub hub = lockedDownHub();
             CliProcess publish = CliProcess.start(Map.of(), "publish", hub.uri().toString(), "--token", wrong,
                     "--topic", "news", "--type", "notification", "--data", "null");
             CliProcess tail = CliProcess.start(Map.of("SSEHUB_TOKEN", wrong), "tail", hub.uri().toString(), "-t", "news")) {
            assertEquals(1, publish.awaitExit());
            assertEquals(1, tail.awaitExit());
            for (CliProcess refused : List.of(publish, tail)) {
                assertTrue(refused.stderr().contains("401"), refused.stderr());
                assertFalse((refused.stdout() + refused.stderr()).contains(wrong), refused.stderr());
                assertFalse(refused.stderr().contains(wrong.substring(wrong.lastIndexOf('.') + 1)), refused.stderr());
            }
        }
    }

    @Test
    void withoutATokenALockedDownHubRefusesPublishWith401() {
        try (TestHub hub = lockedDownHub();
             CliProcess publish = CliProcess.start(Map.of(), "publish", hub.uri().toString(),
                     "--topic", "news", "--type", "notification", "--data", "null")) {
            assertEquals(1, publish.awaitExit());
            assertTrue(publish.stderr().contains("401"), publish.stderr());
        }
    }

    @Test
    void helpShowsTheOptionButNotTheTokenFromTheEnvironment() {
        for (String command : List.of("tail", "publish")) {
            try (CliProcess help = CliProcess.start(Map.of("SSEHUB_TOKEN", TOKEN), command, "--help")) {
                assertEquals(0, help.awaitExit(), help.stderr());
                assertTrue(help.stdout().contains("--token") && help.stdout().contains("SSEHUB_TOKEN"), help.stdout());
                assertNoToken(help);
            }
        }
    }

    private static void assertNoToken(CliProcess process) {
        assertFalse(process.stdout().contains(TOKEN), process.stdout());
        assertFalse(process.stderr().contains(TOKEN), process.stderr());
    }

    private static TestHub lockedDownHub() {
        return TestHub.start(Map.of("auth.hmac.secret", Tokens.SECRET));
    }
}
