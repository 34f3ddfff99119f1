package io.agner.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link Node}. Immutable; change a copy with {@code withX}, starting from
 * {@link #DEFAULT}.
 *
 * @param clock           the clock and timer source, or {@code null} for the node's own
 *                        (System.nanoTime and one timer thread, stopped on close). A clock given
 *                        here is not closed by the node
 * @param shutdownTimeout how long {@link Node#close()} lets processes react to {@code shutdown}
 *                        before it kills them
 * @param scheduler       what runs the node's processes; {@link #DEFAULT} takes it from the
 *                        {@value SchedulerKind#PROPERTY} system property, else {@link SchedulerKind#AGNER}
 * @param carriers        how many carrier threads agner's scheduler runs (replacements for blocked
 *                        carriers come on top); 0 for one per available processor. Ignored by
 *                        {@link SchedulerKind#JDK}
 */
public record NodeConfig(Clock clock, Duration shutdownTimeout, SchedulerKind scheduler, int carriers) {

    public static final NodeConfig DEFAULT =
            new NodeConfig(null, Duration.ofSeconds(5), SchedulerKind.fromSystemProperty(), 0);

    public NodeConfig {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(scheduler, "scheduler");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be >= 0, was " + shutdownTimeout);
        }
        if (carriers < 0) {
            throw new IllegalArgumentException("carriers must be >= 0 (0 = one per processor), was " + carriers);
        }
    }

    public NodeConfig withClock(Clock clock) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers);
    }

    public NodeConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers);
    }

    public NodeConfig withScheduler(SchedulerKind scheduler) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers);
    }

    public NodeConfig withCarriers(int carriers) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers);
    }
}
