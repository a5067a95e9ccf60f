package io.ssehub.wire;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.event.Json;
import io.ssehub.wire.SseParser.Comment;
import io.ssehub.wire.SseParser.Event;
import io.ssehub.wire.SseParser.Item;
import io.ssehub.wire.SseParser.Result;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hub's SSE encoder checked against {@link SseParser}, an independent reading of the WHATWG rules: whatever
 * goes in as data, id, type or comment comes out of a conforming parser as exactly what was meant, and nothing
 * in a value can end its field early and start a forged one.
 */
class SseWireTest {

    private static final Set<String> EVENT_FIELDS = Set.of("id", "event", "retry", "data");

    /** What a conforming client sees as data: every CRLF, and every lone CR, becomes LF. */
    private static String normalised(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static Result parse(byte[] bytes) {
        return SseParser.parse(bytes);
    }

    private static Result parse(SseFrame frame) {
        return SseParser.parse(frame.bytes());
    }

    private static Event onlyEvent(Result result) {
        assertEquals(1, result.events().size(), () -> "exactly one event expected, parsed " + result.items());
        return result.events().get(0);
    }

    static Stream<Arguments> dataTexts() {
        return Stream.of(
                named("empty string", ""),
                named("single line", "hello"),
                named("two lines split by LF", "a\nb"),
                named("two lines split by CRLF", "a\r\nb"),
                named("two lines split by a lone CR", "a\rb"),
                named("trailing LF", "a\n"),
                named("trailing CRLF", "a\r\n"),
                named("trailing CR", "a\r"),
                named("leading LF", "\na"),
                named("leading CR", "\ra"),
                named("only LFs", "\n\n\n"),
                named("only a CRLF", "\r\n"),
                named("only a CR", "\r"),
                named("CR CR LF LF", "\r\r\n\n"),
                named("LF CR (two line breaks)", "a\n\rb"),
                named("blank lines in the middle", "a\n\n\nb"),
                named("blank CRLF lines in the middle", "a\r\n\r\n\r\nb"),
                named("mixed line endings", "one\rtwo\nthree\r\nfour"),
                named("unicode", "héllo wörld ✓ 日本語 Ελληνικά"),
                named("emoji incl. a ZWJ sequence", "😀 👩‍👩‍👧 🇫🇷"),
                named("NUL inside data", "a\u0000b"),
                named("only NUL", "\u0000"),
                named("text that looks like fields",
                        "x\nid: forged\nevent: forged\ndata: forged\n\nretry: 1"),
                named("fields forged with CR endings", "x\rid: forged\revent: forged\r\rretry: 1"),
                named("fields forged with CRLF endings", "x\r\nid: forged\r\n\r\ndata: forged"),
                named("starts with a colon", ":not a comment"),
                named("line starting with a colon in the middle", "a\n: looks like a comment\nb"),
                named("only a colon", ":"),
                named("colons inside", "a:b::c"),
                named("leading space (must survive the one stripped space)", " x"),
                named("two leading spaces", "  x"),
                named("trailing spaces", "x  "),
                named("only spaces", "   "),
                named("tab", "\tindented"),
                named("looks like data field", "data: inner"),
                named("JSON", "{\"message\":\"hi\",\"n\":[1,2,3]}"),
                named("byte order mark", "\uFEFFbom"),
                named("unicode line separators are not SSE line ends", "a\u2028b\u0085c"),
                named("long text", "0123456789".repeat(2_000) + "\n" + "z".repeat(5_000)))
                .map(Arguments::of);
    }

    @Nested
    class Data {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.ssehub.wire.SseWireTest#dataTexts")
        void dataRoundTripsAsExactlyOneEventWithTheIntendedIdAndType(String data) {
            Result result = parse(SseWire.event("42", "update", data, null));

            Event event = onlyEvent(result);
            assertAll(
                    () -> assertEquals(normalised(data), event.data()),
                    () -> assertEquals("42", event.lastEventId()),
                    () -> assertEquals("update", event.type()),
                    () -> assertNull(event.retry()),
                    () -> assertEquals(List.of(), result.comments()),
                    () -> assertEquals(1, count(result.fieldNames(), "id"), "one id line"),
                    () -> assertEquals(1, count(result.fieldNames(), "event"), "one event line"),
                    () -> assertEquals(0, count(result.fieldNames(), "retry"), "no retry line"),
                    () -> assertTrue(Set.of("id", "event", "data").containsAll(result.fieldNames()),
                            () -> "unexpected field in " + result.fields()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.ssehub.wire.SseWireTest#dataTexts")
        void dataWithoutIdOrTypeIsAMessageEvent(String data) {
            Result result = parse(SseWire.event(null, null, data, null));

            Event event = onlyEvent(result);
            assertEquals(normalised(data), event.data());
            assertEquals("message", event.type());
            assertEquals("", event.lastEventId());
            assertEquals(Set.of("data"), Set.copyOf(result.fieldNames()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.ssehub.wire.SseWireTest#dataTexts")
        void sseFrameEventCarriesTheSameBytes(String data) {
            SseFrame frame = SseFrame.event("7", "note", data, Duration.ofSeconds(2));

            assertArrayEquals(SseWire.event("7", "note", data, Duration.ofSeconds(2)), frame.bytes());
            assertEquals(frame.bytes().length, frame.size());
            assertEquals(new String(frame.bytes(), StandardCharsets.UTF_8), frame.toString());
            assertEquals(new Event("7", "note", normalised(data), 2_000L), onlyEvent(parse(frame)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.ssehub.wire.SseWireTest#dataTexts")
        void commentTextStaysCommentLinesAndDispatchesNothing(String text) {
            Result result = parse(SseWire.comment(text));

            assertEquals(List.of(), result.events());
            assertEquals(List.of(), result.fields(), "a comment must not produce a single field line");
            assertEquals("", result.lastEventId());
            assertNull(result.reconnectionTime());
            assertEquals(normalised(text), String.join("\n", result.comments()));
        }
    }

    @Nested
    class IdsAndTypes {

        static Stream<Arguments> ids() {
            return Stream.of("1", "42", "abcdefghij-123", "run:7", ":starts-with-colon", " leading space",
                    "trailing space ", "with spaces inside", "ünïcödé", "😀", "id: nested", "data: x", "\t")
                    .map(Arguments::of);
        }

        static Stream<Arguments> types() {
            return Stream.of("message", "update", "user.created", "a-b_c", "time", "x:y", "😀", "type with space",
                    " leading", "data: x")
                    .map(Arguments::of);
        }

        @ParameterizedTest(name = "id \"{0}\"")
        @MethodSource("ids")
        void idRoundTripsAsTheLastEventId(String id) {
            Result result = parse(SseWire.event(id, "t", "payload", null));

            assertEquals(new Event(id, "t", "payload", null), onlyEvent(result));
            assertEquals(id, result.lastEventId());
        }

        @ParameterizedTest(name = "type \"{0}\"")
        @MethodSource("types")
        void typeRoundTripsAsTheEventType(String type) {
            assertEquals(new Event("9", type, "payload", null), onlyEvent(parse(SseWire.event("9", type, "payload", null))));
        }

        @Test
        void emptyIdResetsTheLastEventId() {
            Result result = parse(SseWire.join(
                    SseWire.event("5", null, "first", null),
                    SseWire.event("", null, "second", null)));

            assertEquals(List.of(new Event("5", "message", "first", null), new Event("", "message", "second", null)),
                    result.events());
        }

        @Test
        void eventWithoutIdKeepsThePreviousLastEventId() {
            Result result = parse(SseWire.join(
                    SseWire.event("5", null, "first", null),
                    SseWire.event(null, null, "second", null)));

            assertEquals(List.of("5", "5"), result.events().stream().map(Event::lastEventId).toList());
        }

        @Test
        void emptyTypeIsDeliveredAsMessage() {
            assertEquals("message", onlyEvent(parse(SseWire.event("1", "", "x", null))).type());
        }

        @Test
        void idWithoutDataUpdatesTheLastEventIdButDispatchesNothing() {
            Result result = parse(SseWire.event("77", "t", null, null));

            assertEquals(List.of(), result.items());
            assertEquals("77", result.lastEventId());
        }
    }

    @Nested
    class Retry {

        static Stream<Arguments> retries() {
            return Stream.of(
                    Arguments.of(Duration.ZERO, 0L),
                    Arguments.of(Duration.ofMillis(1), 1L),
                    Arguments.of(Duration.ofMillis(1_500), 1_500L),
                    Arguments.of(Duration.ofSeconds(3), 3_000L),
                    Arguments.of(Duration.ofMinutes(2), 120_000L),
                    Arguments.of(Duration.ofDays(1), 86_400_000L),
                    Arguments.of(Duration.ofNanos(1_999_999), 1L));
        }

        @ParameterizedTest(name = "{0} -> retry: {1}")
        @MethodSource("retries")
        void retryOnAnEventSetsTheReconnectionTimeInMilliseconds(Duration retry, long millis) {
            Result result = parse(SseWire.event("1", "t", "x", retry));

            assertEquals(new Event("1", "t", "x", millis), onlyEvent(result));
            assertEquals(millis, result.reconnectionTime());
        }

        @ParameterizedTest(name = "{0} -> retry: {1}")
        @MethodSource("retries")
        void bareRetryHintSetsTheReconnectionTimeWithoutAnEvent(Duration retry, long millis) {
            Result result = parse(SseWire.retry(retry));

            assertEquals(List.of(), result.items());
            assertEquals(List.of("retry"), result.fieldNames());
            assertEquals(millis, result.reconnectionTime());
            assertEquals("", result.lastEventId());
        }

        @Test
        void sseFrameRetryCarriesItsDelay() {
            SseFrame frame = SseFrame.retry(Duration.ofMillis(2_500));

            assertEquals(2_500L, parse(frame).reconnectionTime());
        }

        @Test
        void eventWithoutRetryDoesNotSetTheReconnectionTime() {
            SseFrame frame = SseFrame.event("1", "t", "x", null);

            assertNull(parse(frame).reconnectionTime());
        }
    }

    @Nested
    class Threats {

        static Stream<Arguments> lineBreaksAndNul() {
            return Stream.of(
                    named("CR", "1\rretry: 1"),
                    named("LF", "1\ndata: forged"),
                    named("CRLF", "1\r\nevent: forged"),
                    named("blank line via LF", "1\n\ndata: forged"),
                    named("NUL", "1\u0000"),
                    named("only CR", "\r"),
                    named("only LF", "\n"),
                    named("only CRLF", "\r\n"),
                    named("only NUL", "\u0000"),
                    named("trailing CR", "1\r"),
                    named("leading LF", "\nid"))
                    .map(Arguments::of);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("lineBreaksAndNul")
        void crLfOrNulInIdCannotForgeAField(String id) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> SseWire.event(id, "t", "x", null));
            assertTrue(refused.getMessage().contains("'id'"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SseFrame.event(id, "t", "x", null));
            assertThrows(IllegalArgumentException.class, () -> SseWire.requireSingleLine("id", id));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("lineBreaksAndNul")
        void crLfOrNulInTypeCannotForgeAField(String type) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> SseWire.event("1", type, "x", null));
            assertTrue(refused.getMessage().contains("'event'"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SseFrame.event("1", type, "x", null));
        }

        @Test
        void singleLineValuesWithoutBreaksAreAccepted() {
            SseWire.requireSingleLine("id", "perfectly fine: id with colon and ünïcode 😀");
            assertEquals(new Event("a b", "c:d", "x", null), onlyEvent(parse(SseWire.event("a b", "c:d", "x", null))));
        }

        @Test
        void oracleWouldSeeTheForgeryIfAnIdWereWrittenNaively() {
            // Guards the oracle: the same forged id, written without the encoder's check, does forge fields.
            Result forged = SseParser.parse("id: 1\nretry: 1\ndata: forged\n\ndata: real\n\n");

            assertEquals(2, forged.events().size());
            assertEquals(1L, forged.reconnectionTime());
        }

        @Test
        void commentWithLineBreaksProducesOnlyCommentLines() {
            String attack = "keep-alive\ndata: forged\n\nid: 666\r\nevent: forged\rretry: 1\r\n\r\ndata: again\n";

            Result result = parse(SseWire.comment(attack));

            assertEquals(List.of(), result.events());
            assertEquals(List.of(), result.fields());
            assertEquals("", result.lastEventId());
            assertNull(result.reconnectionTime());
            assertEquals(List.of("keep-alive", "data: forged", "", "id: 666", "event: forged", "retry: 1", "",
                    "data: again", ""), result.comments());
        }

        @Test
        void commentFrameIsOnlyComments() {
            SseFrame frame = SseFrame.comment("ping\nnext");

            assertEquals(List.of(new Comment("ping"), new Comment("next")), parse(frame).items());
        }

        @Test
        void dataForgingAttemptsStayInsideTheData() {
            String attack = "x\nid: forged\nevent: forged\ndata: forged\n\nretry: 1";

            Result result = parse(SseWire.event("1", "real", attack, null));

            assertEquals(List.of(new Event("1", "real", attack, null)), result.items());
            assertEquals("1", result.lastEventId());
            assertNull(result.reconnectionTime());
        }
    }

    @Nested
    class Join {

        @Test
        void joinedFramesParseToTheSameSequenceOfEvents() {
            byte[][] frames = {
                    SseWire.retry(Duration.ofSeconds(3)),
                    SseWire.comment("hello"),
                    SseWire.event("1", "a", "x", null),
                    SseWire.event("2", null, "y\r\nz", Duration.ofSeconds(5)),
                    SseWire.comment("ka\nka"),
                    SseWire.event(null, "b", "", null),
                    SseWire.event("3", "c", "\n", null),
                    SseWire.event("4", "d", null, null),
                    SseWire.event(null, null, "last", null),
            };

            Result joined = parse(SseWire.join(frames));

            List<Item> expected = List.of(
                    new Comment("hello"),
                    new Event("1", "a", "x", null),
                    new Event("2", "message", "y\nz", 5_000L),
                    new Comment("ka"),
                    new Comment("ka"),
                    new Event("2", "b", "", null),
                    new Event("3", "c", "\n", null),
                    new Event("4", "message", "last", null));
            assertEquals(expected, joined.items());
            assertEquals(5_000L, joined.reconnectionTime());
            assertEquals("4", joined.lastEventId());

            List<Item> framebyFrame = new ArrayList<>();
            for (byte[] frame : frames) {
                framebyFrame.addAll(parse(frame).items());
            }
            assertEquals(framebyFrame.size(), joined.items().size());
            assertEquals(framebyFrame.stream().map(SseWireTest::withoutLastEventId).toList(),
                    joined.items().stream().map(SseWireTest::withoutLastEventId).toList());
        }

        @Test
        void joinedSseFramesParseLikeTheirPartsAndDescribeTheLast() {
            SseFrame first = SseFrame.event("1", "a", "one", null);
            SseFrame second = SseFrame.comment("between");
            SseFrame third = SseFrame.event("2", "b", "two\nlines", Duration.ofMillis(750));

            SseFrame joined = SseFrame.join(first, second, third);

            assertArrayEquals(SseWire.join(first.bytes(), second.bytes(), third.bytes()), joined.bytes());
            assertEquals(List.of(
                            new Event("1", "a", "one", null),
                            new Comment("between"),
                            new Event("2", "b", "two\nlines", 750L)),
                    parse(joined).items());
        }

        @Test
        void joiningNothingIsEmpty() {
            assertArrayEquals(new byte[0], SseWire.join());
        }
    }

    @Nested
    class Oracle {

        @Test
        void everyLineEndingEndsALine() {
            Result result = SseParser.parse("data: a\rdata: b\ndata: c\r\n\r\n");

            assertEquals(List.of(new Event("", "message", "a\nb\nc", null)), result.items());
        }

        @Test
        void exactlyOneSpaceAfterTheColonIsStripped() {
            Result result = SseParser.parse("data:no space\ndata: one\ndata:  two\ndata\n\n");

            assertEquals("no space\none\n two\n", onlyEvent(result).data());
        }

        @Test
        void idHoldingNulIsIgnored() {
            Result result = SseParser.parse("id: 1\n\nid: 2\u00003\ndata: x\n\n");

            assertEquals("1", onlyEvent(result).lastEventId());
        }

        @Test
        void retryIsTakenOnlyWhenAllAsciiDigits() {
            assertNull(SseParser.parse("retry: 1.5\nretry: -1\nretry: 1s\nretry: \nretry: ١\n\n").reconnectionTime());
            assertEquals(250L, SseParser.parse("retry: 250\n\n").reconnectionTime());
        }

        @Test
        void emptyDataBufferDispatchesNothingButKeepsTheId() {
            Result result = SseParser.parse("id: 9\nevent: t\n\ndata: x\n\n");

            assertEquals(List.of(new Event("9", "message", "x", null)), result.items());
        }

        @Test
        void unfinishedEventAtTheEndIsDiscarded() {
            assertEquals(List.of(), SseParser.parse("data: x\n").items());
            assertEquals(1, SseParser.parse("data: x\n\r").events().size(), "a lone CR is a finished blank line");
            assertEquals(List.of(), SseParser.parse("data: x").items());
        }

        @Test
        void leadingByteOrderMarkIsDropped() {
            assertEquals("x", onlyEvent(SseParser.parse("\uFEFFdata: x\n\n")).data());
        }
    }

    private static Item withoutLastEventId(Item item) {
        return item instanceof Event event ? new Event(null, event.type(), event.data(), event.retry()) : item;
    }

    private static long count(List<String> names, String name) {
        return names.stream().filter(name::equals).count();
    }

    @Test
    void everyFieldTheEncoderWritesIsAKnownField() {
        byte[] everything = SseWire.join(
                SseWire.event("1", "t", "a\nb", Duration.ofSeconds(1)),
                SseWire.comment("c"),
                SseWire.retry(Duration.ofSeconds(2)));

        assertTrue(EVENT_FIELDS.containsAll(parse(everything).fieldNames()));
    }
}
