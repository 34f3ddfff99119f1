package io.agner.switchdemo.report;

import java.util.Locale;
import java.util.Objects;

/**
 * Immutable; any thread may read it. A measured blocking probability with its 95% confidence
 * interval, by the method of batch means.
 *
 * <p>Calls close together in time are correlated (one that finds the trunks full is likely to
 * be followed by another), so treating every attempt as an independent trial would understate
 * the error. The batch-means method (Law &amp; Kelton, <i>Simulation Modeling and Analysis</i>)
 * splits the run into {@code k} consecutive equal stretches of simulated time instead; long
 * batches are close to independent, so the spread of the per-batch proportions estimates the
 * error honestly:
 * {@snippet lang=text :
 * probability   = Σ blocked / Σ attempts
 * standardError = s / √k      s = sample standard deviation of blocked_i / attempts_i
 * 95% interval  = probability ± t(0.975, k-1) · standardError, clipped to [0, 1]
 * }
 * Only batches with at least one attempt count towards {@code k}.
 *
 * @param attempts      calls offered, over all batches
 * @param blocked       calls blocked, over all batches
 * @param probability   {@code blocked / attempts}
 * @param standardError the batch-means standard error of {@code probability}
 * @param low95         lower end of the 95% confidence interval
 * @param high95        upper end of the 95% confidence interval
 * @param batches       the batches with attempts that the error was estimated from
 */
public record BlockingEstimate(long attempts, long blocked, double probability, double standardError,
                               double low95, double high95, int batches) {

    public BlockingEstimate {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
        if (blocked < 0 || blocked > attempts) {
            throw new IllegalArgumentException("blocked must be in [0, attempts=" + attempts + "], was " + blocked);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
        }
        if (!(standardError >= 0) || Double.isInfinite(standardError)) {
            throw new IllegalArgumentException("standardError must be finite and >= 0, was " + standardError);
        }
        if (!(0 <= low95 && low95 <= probability && probability <= high95 && high95 <= 1)) {
            throw new IllegalArgumentException("need 0 <= low95 <= probability <= high95 <= 1, was low95="
                    + low95 + ", probability=" + probability + ", high95=" + high95);
        }
        if (batches < 2) {
            throw new IllegalArgumentException("batches must be >= 2, was " + batches);
        }
    }

    /**
     * The estimate from per-batch counts, index {@code i} of both arrays being batch {@code i}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a count is negative, a
     *                                  batch blocked more than it attempted, or fewer than two
     *                                  batches have attempts
     */
    public static BlockingEstimate fromBatches(long[] attemptsPerBatch, long[] blockedPerBatch) {
        Objects.requireNonNull(attemptsPerBatch, "attemptsPerBatch");
        Objects.requireNonNull(blockedPerBatch, "blockedPerBatch");
        if (attemptsPerBatch.length != blockedPerBatch.length) {
            throw new IllegalArgumentException("attemptsPerBatch and blockedPerBatch must have the same length, were "
                    + attemptsPerBatch.length + " and " + blockedPerBatch.length);
        }
        long attempts = 0;
        long blocked = 0;
        double[] proportions = new double[attemptsPerBatch.length];
        int k = 0;
        for (int i = 0; i < attemptsPerBatch.length; i++) {
            long a = attemptsPerBatch[i];
            long b = blockedPerBatch[i];
            if (a < 0) {
                throw new IllegalArgumentException("attemptsPerBatch[" + i + "] must be >= 0, was " + a);
            }
            if (b < 0 || b > a) {
                throw new IllegalArgumentException("blockedPerBatch[" + i + "] must be in [0, attemptsPerBatch[" + i
                        + "]=" + a + "], was " + b);
            }
            attempts = Math.addExact(attempts, a);
            blocked += b;
            if (a > 0) {
                proportions[k++] = (double) b / a;
            }
        }
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 batches with attempts > 0 to estimate an error, had " + k);
        }
        double probability = (double) blocked / attempts;
        double standardError = sampleStdDev(proportions, k) / Math.sqrt(k);
        double halfWidth = StudentT.quantile975(k - 1) * standardError;
        return new BlockingEstimate(attempts, blocked, probability, standardError,
                Math.max(0, probability - halfWidth), Math.min(1, probability + halfWidth), k);
    }

    /** Whether {@code p} lies in the 95% confidence interval, ends included. */
    public boolean contains(double p) {
        return low95 <= p && p <= high95;
    }

    /**
     * How many standard errors {@code probability} lies above {@code expected} (negative when
     * below). With no spread between batches it is 0 if they are equal and infinite otherwise.
     */
    public double zScore(double expected) {
        if (probability == expected) {
            return 0;
        }
        return (probability - expected) / standardError;
    }

    /** For reports, e.g. {@code 2.61% (95% CI 2.40%..2.82%, 20 batches, 104,231 attempts)}. */
    public String describe() {
        return String.format(Locale.ROOT, "%.2f%% (95%% CI %.2f%%..%.2f%%, %d batches, %,d attempts)",
                100 * probability, 100 * low95, 100 * high95, batches, attempts);
    }

    // Two passes: the mean first, then squared deviations from it, which does not cancel the way
    // Σx² - n·mean² does when the proportions are close together.
    private static double sampleStdDev(double[] xs, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += xs[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = xs[i] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (n - 1));
    }
}
