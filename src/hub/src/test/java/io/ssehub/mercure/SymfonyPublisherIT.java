package io.ssehub.mercure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.security.Tokens;
import io.ssehub.testing.SseStream;
import io.ssehub.testing.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symfony's own Mercure publisher (Debian's {@code php-symfony-mercure}, the component Symfony and API
 * Platform applications publish with) against a running hub configured as a Symfony application's
 * {@code MERCURE_JWT_SECRET} expects: what it publishes reaches subscribers as the spec says.
 */
class SymfonyPublisherIT {

    /** The secret of Symfony's recipe, which applications keep until they change it. */
    private static final String SYMFONY_SECRET = "!ChangeThisMercureHubJWTSecretKey!";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PHP = "/usr/bin/php";

    @TempDir
    Path work;
    private TestHub hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private static String token(List<String> publish, List<String> subscribe) {
        return Tokens.hmac(new JWTClaimsSet.Builder()
                .claim("mercure", Map.of("publish", publish, "subscribe", subscribe)).build(),
                SYMFONY_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void updatesPublishedWithSymfonysComponentReachSubscribersAsTheSpecSays() throws Exception {
        hub = TestHub.start(Map.of("mercure.publisher.jwt.key", SYMFONY_SECRET,
                "mercure.subscriber.jwt.key", SYMFONY_SECRET, "mercure.anonymous", "true"));
        String books = "topic=" + URLEncoder.encode("https://example.com/books/{id}", StandardCharsets.UTF_8);
        try (SseStream authorised = SseStream.open(hub.uri(".well-known/mercure?" + books),
                Map.of("Authorization", "Bearer " + token(List.of(), List.of("https://example.com/users/foo/{?topic}"))));
             SseStream anonymous = SseStream.open(hub.uri(".well-known/mercure?" + books
                     + "&topic=" + URLEncoder.encode("https://example.com/authors/7", StandardCharsets.UTF_8)))) {
            List<String> ids = runSymfonyPublisher(token(List.of("*"), List.of()));
            assertEquals(3, ids.size(), "one id per update: " + ids);
            assertEquals("urn:symfony:public", ids.get(0));
            assertTrue(ids.get(1).startsWith("urn:uuid:"), ids.get(1));

            SseStream.Block publicUpdate = authorised.nextEvent(WAIT);
            assertEquals(List.of("id: urn:symfony:public", "data: {\"title\":\"public\"}"), publicUpdate.lines());
            SseStream.Block privateUpdate = authorised.nextEvent(WAIT);
            assertEquals(List.of("id: " + ids.get(1), "event: book.private", "retry: 3000",
                    "data: {\"title\":\"private\"}"), privateUpdate.lines());
            SseStream.Block multiLine = authorised.nextEvent(WAIT);
            assertEquals(List.of("id: " + ids.get(2), "data: multi", "data: line", "data: data"), multiLine.lines());

            // The anonymous subscriber sees the public updates (the third by its alternate topic), not the private one.
            assertEquals("urn:symfony:public", anonymous.nextEvent(WAIT).id());
            assertEquals(ids.get(2), anonymous.nextEvent(WAIT).id());
        }
    }

    /** Runs the PHP publisher script and returns the ids it printed. */
    private List<String> runSymfonyPublisher(String jwt) throws IOException, InterruptedException {
        Path script = work.resolve("symfony-publish.php");
        try (InputStream source = SymfonyPublisherIT.class.getResourceAsStream("/mercure/symfony-publish.php")) {
            Files.copy(source, script);
        }
        Path output = work.resolve("ids.txt");
        Path errors = work.resolve("errors.txt");
        Process php = new ProcessBuilder(PHP, script.toString(), hub.uri(".well-known/mercure").toString(), jwt)
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        try {
            if (!php.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the PHP publisher did not finish within " + WAIT);
            }
            assertEquals(0, php.exitValue(), "the PHP publisher failed: " + Files.readString(errors)
                    + Files.readString(output));
            return Files.readAllLines(output).stream().filter(line -> !line.isBlank()).toList();
        } finally {
            php.destroyForcibly();
        }
    }
}
