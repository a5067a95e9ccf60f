package io.ssehub.cli;

import static io.ssehub.cli.CliProcess.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line against a real hub in this JVM: tail and publish run as subprocesses of the built jar. */
class TailAndPublishIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tailPrintsWhatPublishPublishedAndPublishPrintsTheAssignedId() throws IOException {
        try (TestHub hub = TestHub.start();
             CliProcess jsonTail = CliProcess.start("tail", hub.uri().toString(), "--topic", "news", "--json");
             CliProcess humanTail = CliProcess.start("tail", hub.uri().toString())) {
            await().atMost(WAIT).until(() -> hub.subscribers() == 2);

            String id;
            try (CliProcess publish = CliProcess.run("publish", hub.uri().toString(), "--topic", "news",
                    "--type", "notification", "--data", "{\"message\":\"deploy finished\",\"level\":\"info\"}", "--retry", "2500")) {
                assertEquals(0, publish.exitCode(), publish.stderr());
                id = publish.stdout().trim();
            }
            assertEquals(hub.embedded().hub().lastEventId().orElseThrow().text(), id);
            JsonNode line = JSON.readTree(jsonTail.awaitLine(text -> text.contains(id)));
            assertEquals(id, line.get("id").asText());
            assertEquals("notification", line.get("type").asText());
            assertEquals(JSON.readTree("{\"message\":\"deploy finished\",\"level\":\"info\"}"), line.get("data"));
            String human = humanTail.awaitLine(text -> text.contains(id));
            assertTrue(human.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z  notification  " + id
                    + "  \\{\"message\":\"deploy finished\",\"level\":\"info\"}"), human);
        }
    }

    @Test
    void tailResumesFromTheGivenLastEventIdAndSkipsWhatItAlreadyHad() {
        try (TestHub hub = TestHub.start()) {
            String seen = hub.publish("news", "notification", "{\"n\":1}");
            String missed = hub.publish("news", "notification", "{\"n\":2}");
            try (CliProcess tail = CliProcess.start("tail", hub.uri().toString(), "-t", "news", "--json",
                    "--last-event-id", seen)) {
                tail.awaitLine(text -> text.contains(missed));
                assertTrue(tail.stdoutLines().stream().noneMatch(text -> text.contains(seen)), tail.stdout());
            }
        }
    }

    @Test
    void aRefusedPublishExitsOneWithTheProblemDetailOnStderr() {
        try (TestHub hub = TestHub.start();
             CliProcess publish = CliProcess.run("publish", hub.uri().toString(), "--topic", "no spaces allowed",
                     "--type", "notification", "--data", "{}")) {
            assertEquals(1, publish.exitCode());
            assertTrue(publish.stderr().contains("400")
                    && publish.stderr().contains("topic must start with a letter or digit"), publish.stderr());
            assertEquals("", publish.stdout());
        }
    }

    @Test
    void publishingToAHubThatIsNotThereExitsThree() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        try (CliProcess publish = CliProcess.run("publish", "http://127.0.0.1:" + free + "/", "--topic", "news",
                "--type", "notification", "--data", "null")) {
            assertEquals(3, publish.exitCode());
            assertTrue(publish.stderr().contains("cannot reach the hub"), publish.stderr());
        }
    }

    @Test
    void tailStopsWithExitOneWhenTheHubRefusesTheSubscription() {
        try (TestHub hub = TestHub.start();
             CliProcess tail = CliProcess.start("tail", hub.uri().toString(), "--topic", "not a topic!")) {
            assertEquals(1, tail.awaitExit());
            assertTrue(tail.stderr().contains("topic must start with a letter or digit"), tail.stderr());
        }
    }

    @Test
    void aWrongCommandLineExitsTwoWithTheUsage() {
        try (TestHub hub = TestHub.start();
             CliProcess notJson = CliProcess.run("publish", hub.uri().toString(), "--topic", "news",
                     "--type", "notification", "--data", "{oops");
             CliProcess missingType = CliProcess.run("publish", hub.uri().toString(), "--topic", "news", "--data", "{}")) {
            assertEquals(2, notJson.exitCode());
            assertTrue(notJson.stderr().contains("--data is not JSON"), notJson.stderr());
            assertEquals(2, missingType.exitCode());
            assertTrue(missingType.stderr().contains("Missing required option: '--type=TYPE'"), missingType.stderr());
            assertTrue(hub.embedded().hub().lastEventId().isEmpty(), "nothing was published");
        }
    }

    @Test
    void versionAndHelpAnswerWithoutAHub() {
        try (CliProcess version = CliProcess.run("--version");
             CliProcess help = CliProcess.run("tail", "--help")) {
            assertEquals(0, version.exitCode());
            assertTrue(version.stdout().startsWith("ssehub "), version.stdout());
            assertEquals(0, help.exitCode());
            assertTrue(help.stdout().contains("Usage: ssehub tail") && help.stdout().contains("Exit codes:"), help.stdout());
        }
    }
}
