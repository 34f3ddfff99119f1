package io.agner.switchdemo.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockingEstimateTest {

    // Proportions {0.02, 0.04, 0.03, 0.05}: mean 0.035, squared deviations sum to 5e-4,
    // s = √(5e-4 / 3), s.e. = s / √4, half-width = t(0.975, 3) · s.e. = 3.182 · s.e.
    static final BlockingEstimate FOUR = BlockingEstimate.fromBatches(
            new long[] {100, 100, 100, 100}, new long[] {2, 4, 3, 5});

    @Test
    void fromBatches_fourEqualBatches_matchesHandComputation() {
        assertEquals(400, FOUR.attempts());
        assertEquals(14, FOUR.blocked());
        assertEquals(0.035, FOUR.probability(), 1e-15);
        assertEquals(0.006454972243679028, FOUR.standardError(), 1e-15);
        assertEquals(0.014460278320613233, FOUR.low95(), 1e-12);
        assertEquals(0.055539721679386770, FOUR.high95(), 1e-12);
        assertEquals(4, FOUR.batches());
    }

    @Test
    void fromBatches_unequalBatches_poolsProbabilityButWeighsBatchesEqually() {
        var e = BlockingEstimate.fromBatches(new long[] {100, 300}, new long[] {10, 0});

        assertEquals(10.0 / 400, e.probability(), 1e-15);
        // proportions {0.1, 0}: s = 0.1/√2, s.e. = s/√2 = 0.05
        assertEquals(0.05, e.standardError(), 1e-15);
    }

    @Test
    void fromBatches_batchWithoutAttempts_isSkipped() {
        var e = BlockingEstimate.fromBatches(new long[] {100, 0, 100}, new long[] {2, 0, 4});

        assertEquals(2, e.batches());
        assertEquals(200, e.attempts());
        assertEquals(0.03, e.probability(), 1e-15);
        // proportions {0.02, 0.04}: s.e. = 0.01, and t(0.975, 1) = 12.706
        assertEquals(0.01, e.standardError(), 1e-15);
        assertEquals(0.03 + 0.12706, e.high95(), 1e-12);
    }

    @Test
    void fromBatches_intervalReachingBelowZero_isClippedToZero() {
        var e = BlockingEstimate.fromBatches(new long[] {100, 100, 100, 100}, new long[] {0, 0, 0, 1});

        assertEquals(0.0025, e.standardError(), 1e-15);
        assertEquals(0.0, e.low95());
        assertEquals(0.0025 + 3.182 * 0.0025, e.high95(), 1e-12);
    }

    @Test
    void fromBatches_noSpreadBetweenBatches_hasZeroWidthInterval() {
        var e = BlockingEstimate.fromBatches(new long[] {100, 200}, new long[] {5, 10});

        assertEquals(0.0, e.standardError());
        assertEquals(0.05, e.low95(), 1e-15);
        assertEquals(0.05, e.high95(), 1e-15);
        assertTrue(e.contains(e.probability()));
    }

    @Test
    void fromBatches_oneBatchWithAttempts_throwsNamingTheCount() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BlockingEstimate.fromBatches(new long[] {0, 100, 0}, new long[] {0, 3, 0}));
        assertEquals("need at least 2 batches with attempts > 0 to estimate an error, had 1", e.getMessage());
    }

    @Test
    void fromBatches_lengthsDiffer_throwsNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BlockingEstimate.fromBatches(new long[] {1, 2, 3}, new long[] {0, 0}));
        assertEquals("attemptsPerBatch and blockedPerBatch must have the same length, were 3 and 2", e.getMessage());
    }

    @Test
    void fromBatches_negativeAttempts_throwsNamingTheBatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BlockingEstimate.fromBatches(new long[] {10, -1}, new long[] {0, 0}));
        assertEquals("attemptsPerBatch[1] must be >= 0, was -1", e.getMessage());
    }

    @Test
    void fromBatches_moreBlockedThanAttempted_throwsNamingTheBatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BlockingEstimate.fromBatches(new long[] {10, 10}, new long[] {11, 0}));
        assertEquals("blockedPerBatch[0] must be in [0, attemptsPerBatch[0]=10], was 11", e.getMessage());
    }

    @Test
    void contains_intervalEnds_areIncluded() {
        assertTrue(FOUR.contains(FOUR.low95()));
        assertTrue(FOUR.contains(FOUR.high95()));
        assertTrue(FOUR.contains(0.035));
        assertFalse(FOUR.contains(Math.nextDown(FOUR.low95())));
        assertFalse(FOUR.contains(Math.nextUp(FOUR.high95())));
    }

    @Test
    void zScore_expectedTwoErrorsBelow_isTwo() {
        assertEquals(2.0, FOUR.zScore(0.035 - 2 * FOUR.standardError()), 1e-12);
        assertEquals(-1.0, FOUR.zScore(0.035 + FOUR.standardError()), 1e-12);
    }

    @Test
    void zScore_noSpreadAndEqual_isZero() {
        var e = BlockingEstimate.fromBatches(new long[] {100, 100}, new long[] {5, 5});

        assertEquals(0.0, e.zScore(0.05));
        assertEquals(Double.POSITIVE_INFINITY, e.zScore(0.04));
    }

    @Test
    void describe_percentagesBatchesAndGroupedAttempts() {
        var e = new BlockingEstimate(104_231, 2_720, 0.0261, 0.00105, 0.0240, 0.0282, 20);

        assertEquals("2.61% (95% CI 2.40%..2.82%, 20 batches, 104,231 attempts)", e.describe());
        assertEquals("3.50% (95% CI 1.45%..5.55%, 4 batches, 400 attempts)", FOUR.describe());
    }

    @Test
    void new_moreBlockedThanAttempts_throwsNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BlockingEstimate(10, 11, 0.5, 0.1, 0.4, 0.6, 2));
        assertEquals("blocked must be in [0, attempts=10], was 11", e.getMessage());
    }

    @Test
    void new_probabilityOutsideInterval_throwsNamingAllThree() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BlockingEstimate(10, 5, 0.5, 0.1, 0.6, 0.7, 2));
        assertEquals("need 0 <= low95 <= probability <= high95 <= 1, was low95=0.6, probability=0.5, high95=0.7",
                e.getMessage());
    }

    @Test
    void new_negativeStandardError_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BlockingEstimate(10, 5, 0.5, -0.1, 0.4, 0.6, 2));
        assertEquals("standardError must be finite and >= 0, was -0.1", e.getMessage());
    }

    @Test
    void new_oneBatch_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BlockingEstimate(10, 5, 0.5, 0.1, 0.4, 0.6, 1));
        assertEquals("batches must be >= 2, was 1", e.getMessage());
    }

    // The interval's multiplier, checked against the t distribution itself: the CDF, integrated
    // numerically, must cross 0.975 within rounding of each tabled value (3 decimals) and within
    // 1e-4 of each value from the expansion above 30 degrees of freedom.
    @Test
    void quantile975_everyDegreeOfFreedom_hasCdf975() {
        for (int df = 1; df <= 200; df++) {
            double q = StudentT.quantile975(df);
            double tolerance = df <= 30 ? 0.0005 : 0.0001;
            assertTrue(tCdf(q - tolerance, df) < 0.975 && 0.975 < tCdf(q + tolerance, df),
                    "t(0.975, " + df + ") = " + q + " has CDF " + tCdf(q, df));
        }
        assertEquals(3.182, StudentT.quantile975(3));
        assertEquals(2.093, StudentT.quantile975(19));
    }

    @Test
    void quantile975_zeroDegreesOfFreedom_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> StudentT.quantile975(0));
        assertEquals("df must be >= 1, was 0", e.getMessage());
    }

    /** Student's t CDF for t >= 0 by Simpson's rule over the density from 0 to t. */
    private static double tCdf(double t, int df) {
        // Density constant Γ((ν+1)/2) / (√(νπ) Γ(ν/2)), stepped two degrees at a time from ν = 1 or 2.
        double c = df % 2 == 1 ? 1 / Math.PI : 1 / (2 * Math.sqrt(2));
        for (int v = 2 - df % 2; v < df; v += 2) {
            c *= (v + 1.0) / v * Math.sqrt((double) v / (v + 2));
        }
        int intervals = 20_000;
        double h = t / intervals;
        double sum = density(0, df) + density(t, df);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(i * h, df);
        }
        return 0.5 + c * sum * h / 3;
    }

    private static double density(double x, int df) {
        return Math.pow(1 + x * x / df, -(df + 1) / 2.0);
    }
}
