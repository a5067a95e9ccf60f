package io.ssehub.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The wait between attempts: the hint, plus full jitter over a window that doubles up to its cap. */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));

    @Test
    void theWindowDoublesWithEachFailureUpToTheCap() {
        List<Long> windows = IntStream.rangeClosed(1, 7).mapToObj(n -> backoff.window(n).toMillis()).toList();

        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), windows);
        assertEquals(Duration.ofSeconds(5), backoff.window(Integer.MAX_VALUE), "no overflow, however many failures");
    }

    @Test
    void eachDelayIsTheHintPlusADrawFromTheWindow() {
        Duration hint = Duration.ofSeconds(3);
        Random random = new Random(1);
        for (int n = 1; n <= 50; n++) {
            Duration jitter = backoff.delay(n, hint, random).minus(hint);
            assertTrue(!jitter.isNegative() && jitter.compareTo(backoff.window(n)) <= 0, "attempt " + n + ": " + jitter);
        }
    }

    @Test
    void aThousandClientsDoNotComeBackInTheSameMillisecond() {
        Random random = new Random(2);
        long distinct = IntStream.range(0, 1000)
                .mapToObj(client -> backoff.delay(1, Duration.ofSeconds(3), random).toMillis())
                .distinct().count();

        assertTrue(distinct > 350, "1000 clients spread over the 500 ms window, in " + distinct + " distinct milliseconds");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> backoff.window(0));
    }
}
