package io.agner.switchdemo.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchCounterTest {

    @Test
    void attempt_withinRun_countsInItsBatch() {
        var counter = new BatchCounter(1_000, 100, 4);
        // batch i covers [1000 + 100·i, 1100 + 100·i)
        counter.attempt(1_000, false);
        counter.attempt(1_099, true);
        counter.attempt(1_100, false);
        counter.attempt(1_250, true);
        counter.attempt(1_399, false);

        assertEquals(BlockingEstimate.fromBatches(new long[] {2, 1, 1, 1}, new long[] {1, 0, 1, 0}), counter.estimate());
    }

    @Test
    void attempt_beforeStart_countsInFirstBatch() {
        var counter = new BatchCounter(1_000, 100, 2);
        counter.attempt(Long.MIN_VALUE, true);
        counter.attempt(999, false);
        counter.attempt(1_150, false);

        assertEquals(BlockingEstimate.fromBatches(new long[] {2, 1}, new long[] {1, 0}), counter.estimate());
    }

    @Test
    void attempt_atOrAfterEnd_countsInLastBatch() {
        var counter = new BatchCounter(0, 100, 3);
        counter.attempt(0, false);
        counter.attempt(300, true);
        counter.attempt(Long.MAX_VALUE, true);

        assertEquals(BlockingEstimate.fromBatches(new long[] {1, 0, 2}, new long[] {0, 0, 2}), counter.estimate());
    }

    @Test
    void estimate_thenMoreAttempts_keepsCounting() {
        var counter = new BatchCounter(0, 10, 2);
        counter.attempt(1, false);
        counter.attempt(11, true);
        var first = counter.estimate();
        counter.attempt(12, true);

        assertEquals(2, first.attempts());
        assertEquals(3, counter.estimate().attempts());
    }

    @Test
    void estimate_attemptsInOneBatchOnly_throwsNamingTheCount() {
        var counter = new BatchCounter(0, 10, 5);
        counter.attempt(3, true);
        counter.attempt(4, false);

        var e = assertThrows(IllegalArgumentException.class, counter::estimate);
        assertEquals("need at least 2 batches with attempts > 0 to estimate an error, had 1", e.getMessage());
    }

    @Test
    void new_nonPositiveBatchMillis_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchCounter(0, 0, 20));
        assertEquals("batchMillis must be >= 1, was 0", e.getMessage());
    }

    @Test
    void new_oneBatch_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchCounter(0, 1_000, 1));
        assertEquals("batches must be >= 2, was 1", e.getMessage());
    }

    @Test
    void new_endOverflows_throwsNamingTheInputs() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchCounter(Long.MAX_VALUE - 10, 10, 2));
        assertEquals("startMillis 9223372036854775797 + batchMillis 10 × batches 2 overflows a long", e.getMessage());
    }
}
