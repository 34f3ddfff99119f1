package io.agner.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * A supervisor's strategy and restart intensity: more than {@code intensity} restarts within
 * {@code period} and it gives up (stops its children, exits with {@code shutdown}). Immutable.
 *
 * @param autoShutdown whether it also shuts down when significant children end; see
 *                     {@link AutoShutdown}
 */
public record SupFlags(RestartStrategy strategy, int intensity, Duration period, AutoShutdown autoShutdown) {

    /** OTP's defaults: one-for-one, at most 1 restart in 5 seconds, no auto shutdown. */
    public static final SupFlags DEFAULT = new SupFlags(RestartStrategy.ONE_FOR_ONE, 1, Duration.ofSeconds(5));

    public SupFlags {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        if (intensity < 0) {
            throw new IllegalArgumentException("intensity must be >= 0, was " + intensity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0, was " + period);
        }
    }

    /** Flags without auto shutdown ({@link AutoShutdown#NEVER}). */
    public SupFlags(RestartStrategy strategy, int intensity, Duration period) {
        this(strategy, intensity, period, AutoShutdown.NEVER);
    }

    public SupFlags withStrategy(RestartStrategy strategy) {
        return new SupFlags(strategy, intensity, period, autoShutdown);
    }

    public SupFlags withIntensity(int intensity, Duration period) {
        return new SupFlags(strategy, intensity, period, autoShutdown);
    }

    public SupFlags withAutoShutdown(AutoShutdown autoShutdown) {
        return new SupFlags(strategy, intensity, period, autoShutdown);
    }
}
