package io.agner.switchdemo.report;

/**
 * Stateless; any thread may call it. The 0.975 quantile of Student's t distribution, the
 * multiplier of a two-sided 95% confidence interval on a mean estimated from {@code df + 1}
 * independent samples.
 */
final class StudentT {

    /** t(0.975, df) for df = 1..30, to 3 decimals, as printed in the usual tables. */
    private static final double[] QUANTILE_975 = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };

    private static final double Z_975 = 1.959963984540054;

    private StudentT() {
    }

    /**
     * t(0.975, df): from the table up to 30 degrees of freedom, above that from the
     * Cornish–Fisher expansion around the normal quantile (Abramowitz &amp; Stegun 26.7.5), which
     * is within 1e-4 there and tends to 1.96 rather than jumping to it.
     *
     * @throws IllegalArgumentException if {@code df < 1}
     */
    static double quantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be >= 1, was " + df);
        }
        if (df <= QUANTILE_975.length) {
            return QUANTILE_975[df - 1];
        }
        double z = Z_975;
        double z2 = z * z;
        double g1 = z * (z2 + 1) / 4;
        double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
        double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
        double n = df;
        return z + g1 / n + g2 / (n * n) + g3 / (n * n * n);
    }
}
