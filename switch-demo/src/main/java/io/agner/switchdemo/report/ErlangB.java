package io.agner.switchdemo.report;

/**
 * Stateless; any thread may call it. The Erlang B loss formula: the probability that a call
 * finds all of {@code N} trunks busy when {@code A} erlangs of traffic are offered to them.
 * {@snippet lang=text :
 * B(A, N) = (A^N / N!) / Σ_{k=0..N} A^k / k!
 * }
 * <p>It is computed by the recursion
 * {@snippet lang=text :
 * B(A, 0) = 1
 * B(A, n) = A·B(A, n-1) / (n + A·B(A, n-1))
 * }
 * whose every step stays in [0, 1], so it neither overflows nor loses precision to the huge
 * powers and factorials of the direct form (N = 2000 is as safe as N = 2), at O(N) cost.
 *
 * <p>What the formula assumes (A. K. Erlang, 1917): calls arrive as a Poisson process (many
 * independent subscribers); a blocked call is cleared, neither queued nor retried; any free
 * trunk can take any call; the system is in statistical equilibrium. It does not depend on the
 * distribution of holding times beyond their mean: {@code A = arrival rate × mean holding time}
 * gives the same blocking whether calls last exactly three minutes or exponentially around it.
 * Retried calls add load the formula does not see, so it underestimates blocking when callers
 * redial.
 */
public final class ErlangB {

    private ErlangB() {
    }

    /**
     * The probability that a call arriving at {@code trunks} trunks offered
     * {@code offeredErlangs} erlangs is blocked. {@code trunks == 0} blocks every call (1.0);
     * {@code offeredErlangs == 0} blocks none when there is at least one trunk (0.0).
     *
     * @throws IllegalArgumentException if {@code offeredErlangs} is negative, NaN or infinite,
     *                                  or {@code trunks} is negative
     */
    public static double blocking(double offeredErlangs, int trunks) {
        requireOfferedErlangs(offeredErlangs);
        if (trunks < 0) {
            throw new IllegalArgumentException("trunks must be >= 0, was " + trunks);
        }
        double b = 1.0;
        for (int n = 1; n <= trunks; n++) {
            double ab = offeredErlangs * b;
            b = ab / (n + ab);
        }
        return b;
    }

    /**
     * The fewest trunks that hold blocking at or below {@code targetBlocking}: the smallest
     * {@code N} with {@code blocking(offeredErlangs, N) <= targetBlocking}. A target of 1 needs
     * no trunks; any lower target needs at least one, even for no traffic.
     *
     * @throws IllegalArgumentException if {@code offeredErlangs} is negative, NaN or infinite,
     *                                  if {@code targetBlocking} is not in (0, 1], or if more
     *                                  than {@link Integer#MAX_VALUE} trunks would be needed
     */
    public static int trunksFor(double offeredErlangs, double targetBlocking) {
        requireOfferedErlangs(offeredErlangs);
        if (!(targetBlocking > 0 && targetBlocking <= 1)) {
            throw new IllegalArgumentException("targetBlocking must be in (0, 1], was " + targetBlocking);
        }
        // N trunks carry at most N erlangs, so B(N) <= target needs N >= A·(1 - target).
        if (offeredErlangs * (1 - targetBlocking) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offeredErlangs " + offeredErlangs + " at targetBlocking "
                    + targetBlocking + " needs more than " + Integer.MAX_VALUE + " trunks");
        }
        double b = 1.0;
        int n = 0;
        while (b > targetBlocking) {
            if (n == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("offeredErlangs " + offeredErlangs + " at targetBlocking "
                        + targetBlocking + " needs more than " + Integer.MAX_VALUE + " trunks");
            }
            n++;
            double ab = offeredErlangs * b;
            b = ab / (n + ab);
        }
        return n;
    }

    private static void requireOfferedErlangs(double offeredErlangs) {
        if (!(offeredErlangs >= 0) || Double.isInfinite(offeredErlangs)) {
            throw new IllegalArgumentException("offeredErlangs must be finite and >= 0, was " + offeredErlangs);
        }
    }
}
