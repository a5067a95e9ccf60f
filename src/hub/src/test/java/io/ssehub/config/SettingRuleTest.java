package io.ssehub.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules the table of {@link Setting}s states, each held at its edges as the hub reads settings. */
class SettingRuleTest {

    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";

    private static HubConfig with(Setting setting, String text) {
        return HubConfig.from(Map.of(setting.key(), text));
    }

    private static InvalidSettingException refused(Setting setting, String text) {
        return assertThrows(InvalidSettingException.class, () -> with(setting, text), setting.key() + "=" + text);
    }

    /** Every bound of every number and duration rule in the table, as the text just inside and just outside it. */
    static Stream<Arguments> edges() {
        List<Arguments> edges = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.rule() instanceof WholeNumber number) {
                edges.add(Arguments.of(setting, Integer.toString(number.min()), Long.toString(number.min() - 1L)));
                if (number.max() < Integer.MAX_VALUE) {
                    edges.add(Arguments.of(setting, Integer.toString(number.max()), Long.toString(number.max() + 1L)));
                }
            } else if (setting.rule() instanceof Span span) {
                Duration belowMin = span.min().minusMillis(1);
                if (!(span.zeroTurnsOff() && belowMin.isZero())) {
                    edges.add(Arguments.of(setting, span.min().toString(), belowMin.toString()));
                }
                edges.add(Arguments.of(setting, span.max().toString(), span.max().plusMillis(1).toString()));
            }
        }
        return edges.stream();
    }

    @ParameterizedTest(name = "{0}: {1} taken, {2} refused")
    @MethodSource("edges")
    void aValueJustOutsideItsRuleIsRefusedNamingTheSettingTheValueAndTheRule(Setting setting, String inside,
                                                                             String outside) {
        with(setting, inside);
        InvalidSettingException refused = refused(setting, outside);

        assertEquals("setting '" + setting.key() + "' (" + setting.environmentName() + " / -D" + setting.propertyName()
                + ") is '" + outside + "', but must be " + setting.rule().text(), refused.getMessage());
    }

    @Test
    void aRefusalReadsAsOneSentence() {
        assertEquals("setting 'port' (SSEHUB_PORT / -Dssehub.port) is 'http', but must be a whole number "
                + "from 0 to 65535", refused(Setting.PORT, "http").getMessage());
        assertEquals("setting 'tick.interval' (SSEHUB_TICK_INTERVAL / -Dssehub.tick.interval) is '-1s', but must be "
                + "0 (off) or a duration from 1ms to 24h", refused(Setting.TICK_INTERVAL, "-1s").getMessage());
    }

    @Test
    void theLogMustHoldTwiceTheLargestPublishWhateverThatIs() {
        assertEquals(131_072, with(Setting.LOG_MAX_BYTES, "131072").logMaxBytes());
        assertEquals("setting 'log.max.bytes' (SSEHUB_LOG_MAX_BYTES / -Dssehub.log.max.bytes) is '131071', but must be "
                + "a size in bytes of at least twice publish.max.bytes (131072 bytes)",
                refused(Setting.LOG_MAX_BYTES, "131071").getMessage());
        assertEquals(4_096, HubConfig.from(Map.of("publish.max.bytes", "2048", "log.max.bytes", "4096")).logMaxBytes());
        assertThrows(InvalidSettingException.class,
                () -> HubConfig.from(Map.of("publish.max.bytes", "2048", "log.max.bytes", "4095")));
    }

    @Test
    void aLargestPublishThatIsItselfBadIsNamedRatherThanTheLogThatDependsOnIt() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> HubConfig.from(Map.of("publish.max.bytes", "1023", "log.max.bytes", "4096")));

        assertTrue(refused.getMessage().startsWith("setting 'publish.max.bytes'"), refused.getMessage());
    }

    @Test
    void aSecretOneByteShortIsRefusedShowingItsLengthButNeverItself() {
        String secret31 = SECRET_32.substring(1);
        assertEquals(Optional.of(SECRET_32), with(Setting.AUTH_HMAC_SECRET, SECRET_32).access().hmacSecret());

        InvalidSettingException refused = refused(Setting.AUTH_HMAC_SECRET, secret31);

        assertEquals("setting 'auth.hmac.secret' (SSEHUB_AUTH_HMAC_SECRET / -Dssehub.auth.hmac.secret) is a secret of "
                + "31 bytes, but must be a secret of at least 32 bytes (UTF-8), unset when auth.public.keys is set",
                refused.getMessage());
        assertFalse(refused.getMessage().contains(secret31), refused.getMessage());
    }

    @Test
    void aSecretIsCountedInBytesNotCharacters() {
        // 16 characters of two bytes each in UTF-8: 32 bytes, enough for HS256.
        String sixteenTwoByteCharacters = "é".repeat(16);
        assertEquals(Optional.of(sixteenTwoByteCharacters),
                with(Setting.AUTH_HMAC_SECRET, sixteenTwoByteCharacters).access().hmacSecret());
        refused(Setting.AUTH_HMAC_SECRET, "é".repeat(15) + "e");
    }

    @Test
    void aSecretBesidePublicKeysIsRefusedNamingTheKeysAndNotTheSecret() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> HubConfig.from(Map.of(
                "auth.hmac.secret", SECRET_32, "auth.public.keys", "/etc/keys.pem")));

        assertTrue(refused.getMessage().startsWith("setting 'auth.hmac.secret'"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("but must be unset when auth.public.keys is set"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET_32), refused.getMessage());
    }

    @Test
    void publicKeysAloneAreTakenAsWrittenForTheKeyLoaderToJudge() {
        assertEquals(Optional.of("/etc/keys.pem"),
                with(Setting.AUTH_PUBLIC_KEYS, "/etc/keys.pem").access().publicKeys());
    }

    @Test
    void aCookieNameMayBeSixtyFourCharactersButNotSixtyFive() {
        assertEquals("c".repeat(64), with(Setting.AUTH_COOKIE, "c".repeat(64)).access().cookieName());
        InvalidSettingException refused = refused(Setting.AUTH_COOKIE, "c".repeat(65));
        assertTrue(refused.getMessage().endsWith("must be a cookie name (RFC 6265 token) of 1 to 64 characters"),
                refused.getMessage());
    }

    @Test
    void aBadOriginIsNamedAmongTheGoodOnes() {
        assertEquals(List.of("https://a.example.com", "*"),
                with(Setting.CORS_ALLOWED_ORIGINS, "https://a.example.com, *").access().allowedOrigins());
        InvalidSettingException refused = refused(Setting.CORS_ALLOWED_ORIGINS, "https://a.example.com, ftp://b");
        assertTrue(refused.getMessage().endsWith("; 'ftp://b' is not an origin"), refused.getMessage());
    }

    @Test
    void aHostMustHaveSomethingInIt() {
        assertTrue(refused(Setting.HOST, " ").getMessage().endsWith("is '', but must be a host name or address"));
    }

    @Test
    void zeroTurnsTheTickOffButNoOtherInterval() {
        assertEquals(Duration.ZERO, with(Setting.TICK_INTERVAL, "0").tickInterval());
        refused(Setting.HEARTBEAT_INTERVAL, "0");
        refused(Setting.WRITE_TIMEOUT, "0");
    }

    /** The README shows every rule in a cell of its table, and a refusal ends with it. */
    @Test
    void everyRuleHasWordsThatFitATableCell() {
        assertAll(Stream.of(Setting.values()).map(setting -> () -> {
            String text = setting.rule().text();
            assertFalse(text.isBlank(), setting.key());
            assertFalse(text.contains("|") || text.contains("\n"), setting.key() + ": " + text);
        }));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0S, 0", "PT0.001S, 1ms", "PT1.5S, 1500ms", "PT30S, 30s", "PT90S, 90s", "PT5M, 5m", "PT24H, 24h"})
    void durationsInRulesAreWrittenInTheLargestExactUnit(String iso, String written) {
        assertEquals(written, DurationText.format(Duration.parse(iso)));
        assertEquals(Duration.parse(iso), DurationText.parse(written));
    }

    @Test
    void theEventLogIsInMemoryOrOnRedisAndNothingElse() {
        assertEquals(EventLogKind.MEMORY, HubConfig.defaults().eventLog().kind());
        assertEquals(EventLogKind.REDIS, HubConfig.from(Map.of("eventlog", "redis", "redis.uri", "redis://127.0.0.1"))
                .eventLog().kind());
        assertEquals("setting 'eventlog' (SSEHUB_EVENTLOG / -Dssehub.eventlog) is 'postgres', but must be memory or redis",
                refused(Setting.EVENTLOG, "postgres").getMessage());
    }

    @Test
    void redisNeedsItsUriAndTheRefusalNamesIt() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> HubConfig.from(Map.of("eventlog", "redis")));

        assertTrue(refused.getMessage().startsWith("setting 'redis.uri'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("set when eventlog is redis"), refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"redis://localhost, redis://localhost", "rediss://cache.example.com:6380/2, rediss://cache.example.com:6380/2",
        "redis://hub:pa55word@10.0.0.7:7000, redis://****@10.0.0.7:7000", "redis://:pa55word@[::1]:7000/, redis://****@[::1]:7000/"})
    void aRedisUriIsTakenAndPrintsWithoutItsPassword(String uri, String printed) {
        HubConfig config = HubConfig.from(Map.of("eventlog", "redis", "redis.uri", uri));

        assertEquals(uri, config.eventLog().redisUri().orElseThrow().text());
        assertEquals(printed, config.eventLog().redisUri().orElseThrow().toString());
        assertFalse(config.toString().contains("pa55word"), config.toString());
    }

    @ParameterizedTest
    @CsvSource({"http://hub:pa55word@host", "redis://hub:pa55word@host?timeout=60s", "redis://hub:pa55/word@",
        "redis://hub:pa55word@host/db", "redis:host", "redis://hub:pa55word@host:99999"})
    void aBadRedisUriIsRefusedNamingTheSettingButNeverThePassword(String uri) {
        InvalidSettingException refused = refused(Setting.REDIS_URI, uri);

        assertTrue(refused.getMessage().startsWith("setting 'redis.uri'"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("but must be " + Setting.REDIS_URI.rule().text()), refused.getMessage());
        assertFalse(refused.getMessage().contains("pa55"), refused.getMessage());
    }

    @Test
    void aKeyPrefixCannotCarryItsOwnHashTag() {
        assertEquals("hub-1.eu", with(Setting.REDIS_KEY_PREFIX, "hub-1.eu").eventLog().redisKeyPrefix());
        assertTrue(refused(Setting.REDIS_KEY_PREFIX, "{hub}").getMessage()
                .endsWith("but must be 1 to 64 letters, digits and . _ : -"));
        refused(Setting.REDIS_KEY_PREFIX, "h".repeat(65));
    }
}
