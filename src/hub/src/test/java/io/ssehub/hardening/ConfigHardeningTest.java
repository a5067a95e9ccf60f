package io.ssehub.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssehub.cli.CliProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings that cannot work stop {@code ssehub serve} as a usage error: exit status 2 and one sentence on
 * stderr naming the setting, no stack trace. The command runs as a real process through its entry point
 * ({@code SsehubCommand.main}), from the test class path rather than the packaged jar.
 */
class ConfigHardeningTest {

    @TempDir
    Path dir;

    // Threat: an issuer's private key given as auth.public.keys, crashing start-up with a stack trace instead of saying what is wrong.
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RSA, private key alone", "EC, private key alone", "RSA, public and private key in one file"})
    void aPrivateKeyAsPublicKeysIsAUsageErrorNamingTheSetting(String algorithm, String contents) throws Exception {
        KeyPair keys = keys(algorithm);
        String privatePem = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        Path file = dir.resolve("issuer.pem");
        Files.writeString(file, contents.startsWith("public") ? pem("PUBLIC KEY", keys.getPublic().getEncoded()) + privatePem : privatePem);

        try (CliProcess serve = CliProcess.startFromClassPath(Map.of("SSEHUB_AUTH_PUBLIC_KEYS", file.toString()),
                "serve", "--host", "127.0.0.1", "--port", "0")) {
            int exit = serve.awaitExit();

            String stderr = serve.stderr();
            assertEquals(2, exit, stderr);
            List<String> sentences = stderr.lines().filter(line -> line.startsWith("ssehub serve:")).toList();
            assertEquals(1, sentences.size(), stderr);
            assertTrue(sentences.get(0).contains("'auth.public.keys'") && sentences.get(0).contains("private key"), stderr);
            assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), "a stack trace: " + stderr);
            assertFalse(stderr.contains(privatePem.lines().skip(1).findFirst().orElseThrow()), "the key is echoed: " + stderr);
        }
    }

    // Threat: a misspelt secret silently ignored, so a hub its operator believes protected starts anonymous, open to all.
    @Test
    void aMisspeltSettingIsAUsageErrorNamingTheNearestSetting() throws Exception {
        try (CliProcess serve = CliProcess.startFromClassPath(
                Map.of("SSEHUB_AUTH_HMAC_SECRETT", "a-secret-that-is-at-least-32-bytes-long"),
                "serve", "--host", "127.0.0.1", "--port", "0")) {
            int exit = serve.awaitExit();

            String stderr = serve.stderr();
            assertEquals(2, exit, stderr);
            assertEquals(List.of("ssehub serve: unknown setting 'SSEHUB_AUTH_HMAC_SECRETT'; did you mean 'auth.hmac.secret'?"),
                    stderr.lines().filter(line -> line.startsWith("ssehub serve:")).toList(), stderr);
        }
    }

    private static KeyPair keys(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize("RSA".equals(algorithm) ? 2048 : 256);
        return generator.generateKeyPair();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
