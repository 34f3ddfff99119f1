package io.agner.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link Node}. Immutable; change a copy with {@code withX}, starting from
 * {@link #DEFAULT}.
 *
 * @param scheduler       the clock and timer source, or {@code null} for the node's own
 *                        (System.nanoTime and one timer thread, stopped on close). A scheduler
 *                        given here is not closed by the node
 * @param shutdownTimeout how long {@link Node#close()} lets processes react to {@code shutdown}
 *                        before it kills them
 */
public record NodeConfig(Scheduler scheduler, Duration shutdownTimeout) {

    public static final NodeConfig DEFAULT = new NodeConfig(null, Duration.ofSeconds(5));

    public NodeConfig {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be >= 0, was " + shutdownTimeout);
        }
    }

    public NodeConfig withScheduler(Scheduler scheduler) {
        return new NodeConfig(scheduler, shutdownTimeout);
    }

    public NodeConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new NodeConfig(scheduler, shutdownTimeout);
    }
}
