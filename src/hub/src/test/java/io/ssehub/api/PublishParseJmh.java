package io.ssehub.api;

import io.ssehub.event.EventDraft;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading and checking the body of one plain publish ({@code POST /events}), as every publish does before
 * anything is appended: the JSON read field by field, {@code data} copied exactly, topic and type held to
 * their rules. The body is the one {@code bench/run}'s publishers send (a topic, a type, 56 characters of
 * string data), so the figures are the share of a publish's server CPU that this step takes. Run with
 * {@code -prof gc}: the bytes per operation are exact and are what each publish leaves to the collector.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublishParseJmh {

    static final byte[] BODY = ("{\"topic\":\"t00042\",\"type\":\"bench\",\"data\":\""
            + "s=123456;t=98765432109876;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}").getBytes(StandardCharsets.US_ASCII);
    /** An object as data, nested once, with a number that must be passed on to the digit. */
    static final byte[] OBJECT_BODY = ("{\"topic\":\"prices/ACME\",\"type\":\"price\",\"data\":"
            + "{\"symbol\":\"ACME\",\"price\":123.50,\"venue\":{\"mic\":\"XNAS\"},\"seq\":7}}")
            .getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public EventDraft stringData() {
        return PublishRequest.parse(BODY);
    }

    @Benchmark
    public EventDraft objectData() {
        return PublishRequest.parse(OBJECT_BODY);
    }
}
