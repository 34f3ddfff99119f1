package io.agner.switchdemo.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErlangBTest {

    /**
     * The direct formula {@code (A^N / N!) / Σ_{k=0..N} A^k / k!}, evaluated exactly: multiplied
     * through by N! it is {@code A^N / Σ c_k A^k} with integer {@code c_k = N!/k!}, summed by
     * Horner's rule in BigDecimal and divided once at the end.
     */
    static double direct(double offeredErlangs, int trunks) {
        BigDecimal a = new BigDecimal(offeredErlangs);
        BigDecimal sum = BigDecimal.ONE;
        BigInteger c = BigInteger.ONE;
        for (int k = trunks - 1; k >= 0; k--) {
            c = c.multiply(BigInteger.valueOf(k + 1));
            sum = sum.multiply(a).add(new BigDecimal(c));
        }
        return a.pow(trunks).divide(sum, MathContext.DECIMAL128).doubleValue();
    }

    static void assertRelative(double expected, double actual, double tolerance) {
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                () -> "expected " + expected + " within " + tolerance + " relative, was " + actual);
    }

    @Test
    void blocking_oneErlangOnOneTrunk_isHalf() {
        assertEquals(0.5, ErlangB.blocking(1, 1), 1e-15);
    }

    @Test
    void blocking_twoErlangsOnTwoTrunks_isTwoFifths() {
        assertEquals(0.4, ErlangB.blocking(2, 2), 1e-15);
    }

    @Test
    void blocking_publishedTableValues_match() {
        assertEquals(0.21458, ErlangB.blocking(10, 10), 5e-6);
        assertEquals(0.02623, ErlangB.blocking(80, 90), 5e-6);
        assertEquals(0.07874, ErlangB.blocking(7, 10), 5e-6);
    }

    @ParameterizedTest(name = "B(A={0}, N={1})")
    @CsvSource({"1, 1", "2, 2", "10, 10", "80, 90", "7, 10", "0.5, 3", "25.3, 30", "100, 100",
            "150, 120", "3, 40", "1900, 2000"})
    void blocking_anyLoad_matchesDirectFormula(double offeredErlangs, int trunks) {
        assertRelative(direct(offeredErlangs, trunks), ErlangB.blocking(offeredErlangs, trunks), 1e-9);
    }

    @Test
    void blocking_largeTrunkGroup_staysFinite() {
        double b = ErlangB.blocking(1900, 2000);

        assertTrue(b > 0 && b < 1, "B(1900, 2000) = " + b);
        assertRelative(direct(1900, 2000), b, 1e-9);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 7, 1e6, Double.MAX_VALUE})
    void blocking_noTrunks_blocksEverything(double offeredErlangs) {
        assertEquals(1.0, ErlangB.blocking(offeredErlangs, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 2000})
    void blocking_noTraffic_blocksNothing(int trunks) {
        assertEquals(0.0, ErlangB.blocking(0, trunks));
    }

    @Test
    void blocking_moreTrunks_blockLess() {
        double previous = 1.0;
        for (int n = 1; n <= 30; n++) {
            double b = ErlangB.blocking(12.5, n);
            assertTrue(b < previous, "B(12.5, " + n + ") = " + b + " not below B(12.5, " + (n - 1) + ") = " + previous);
            previous = b;
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, -0.0001, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void blocking_invalidOfferedErlangs_throwsNamingIt(double offeredErlangs) {
        var e = assertThrows(IllegalArgumentException.class, () -> ErlangB.blocking(offeredErlangs, 5));
        assertEquals("offeredErlangs must be finite and >= 0, was " + offeredErlangs, e.getMessage());
    }

    @Test
    void blocking_negativeTrunks_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> ErlangB.blocking(3, -1));
        assertEquals("trunks must be >= 0, was -1", e.getMessage());
    }

    @Test
    void trunksFor_tenErlangsAtOnePercent_isEighteen() {
        assertEquals(18, ErlangB.trunksFor(10, 0.01));
    }

    @ParameterizedTest(name = "A={0}, target={1}")
    @CsvSource({"10, 0.01", "7, 0.05", "80, 0.02", "0.2, 0.001", "1900, 0.001", "500, 0.5"})
    void trunksFor_anyTarget_isSmallestSufficientGroup(double offeredErlangs, double target) {
        int n = ErlangB.trunksFor(offeredErlangs, target);

        assertTrue(ErlangB.blocking(offeredErlangs, n) <= target, "B(" + n + ") above target");
        assertTrue(ErlangB.blocking(offeredErlangs, n - 1) > target, "B(" + (n - 1) + ") already meets target");
    }

    @Test
    void trunksFor_exactlyMetTarget_isThatGroup() {
        assertEquals(10, ErlangB.trunksFor(7, ErlangB.blocking(7, 10)));
    }

    @Test
    void trunksFor_targetOne_needsNoTrunks() {
        assertEquals(0, ErlangB.trunksFor(42, 1.0));
    }

    @Test
    void trunksFor_noTraffic_needsOneTrunk() {
        assertEquals(1, ErlangB.trunksFor(0, 0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.01, 1.0001, Double.NaN})
    void trunksFor_targetOutsideUnitInterval_throwsNamingIt(double target) {
        var e = assertThrows(IllegalArgumentException.class, () -> ErlangB.trunksFor(10, target));
        assertEquals("targetBlocking must be in (0, 1], was " + target, e.getMessage());
    }

    @Test
    void trunksFor_invalidOfferedErlangs_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> ErlangB.trunksFor(-2, 0.01));
        assertEquals("offeredErlangs must be finite and >= 0, was -2.0", e.getMessage());
    }

    @Test
    void trunksFor_moreTrunksThanAnInt_throwsInsteadOfLooping() {
        var e = assertThrows(IllegalArgumentException.class, () -> ErlangB.trunksFor(1e12, 0.01));
        assertTrue(e.getMessage().contains("needs more than 2147483647 trunks"), e.getMessage());
    }

    // An M/M/N/N loss system simulated call by call: Poisson arrivals, exponential holding times,
    // blocked calls cleared. The seed is fixed and java.util.Random and StrictMath are specified
    // bit for bit, so the run (and the verdict) is the same on every JVM.
    @Test
    void blocking_simulatedLossSystem_isWithinTheEstimatesBand() {
        int trunks = 10;
        double offeredErlangs = 7;
        int arrivals = 200_000;
        int batches = 20;
        double meanHoldMillis = 180_000;
        double meanGapMillis = meanHoldMillis / offeredErlangs;
        Random random = new Random(1917L);

        double[] busyUntil = new double[trunks];
        long[] atMillis = new long[arrivals];
        boolean[] blocked = new boolean[arrivals];
        double now = 0;
        for (int i = 0; i < arrivals; i++) {
            now += exponential(random, meanGapMillis);
            atMillis[i] = (long) now;
            int free = freeTrunk(busyUntil, now);
            blocked[i] = free < 0;
            if (free >= 0) {
                busyUntil[free] = now + exponential(random, meanHoldMillis);
            }
        }
        BatchCounter counter = new BatchCounter(0, atMillis[arrivals - 1] / batches + 1, batches);
        for (int i = 0; i < arrivals; i++) {
            counter.attempt(atMillis[i], blocked[i]);
        }
        BlockingEstimate estimate = counter.estimate();
        double expected = ErlangB.blocking(offeredErlangs, trunks);

        assertEquals(arrivals, estimate.attempts());
        assertEquals(batches, estimate.batches());
        assertTrue(Math.abs(estimate.zScore(expected)) < 3.3,
                () -> estimate.describe() + " is " + estimate.zScore(expected) + " s.e. from Erlang B " + expected);
    }

    private static double exponential(Random random, double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    private static int freeTrunk(double[] busyUntil, double now) {
        for (int i = 0; i < busyUntil.length; i++) {
            if (busyUntil[i] <= now) {
                return i;
            }
        }
        return -1;
    }
}
