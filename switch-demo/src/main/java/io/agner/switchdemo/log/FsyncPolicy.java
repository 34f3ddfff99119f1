package io.agner.switchdemo.log;

import java.time.Duration;
import java.util.Objects;

/**
 * When appended bytes are forced to the storage device, and so what an acknowledgement promises.
 * An append is acknowledged, and becomes visible to readers, only once its policy is met:
 * <ul>
 *   <li>{@link Always} — after the {@code fsync} that covers it; an acknowledged record survives
 *       a process crash and a power loss. The default: the embedded log has no replica.</li>
 *   <li>{@link Interval} — after the write; the log forces a pending write within about one
 *       {@code period}, whether or not more appends follow. An acknowledged record survives a
 *       process crash; a power loss may take the last period.</li>
 *   <li>{@link Os} — after the write; the operating system decides when to flush (and the log
 *       forces on roll and close). Survives a process crash only.</li>
 * </ul>
 * Either way, many producers' appends share one write and one {@code fsync} (group commit).
 */
public sealed interface FsyncPolicy {

    record Always() implements FsyncPolicy {}

    record Interval(Duration period) implements FsyncPolicy {
        public Interval {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("fsync period must be > 0, was " + period);
            }
        }
    }

    record Os() implements FsyncPolicy {}

    static FsyncPolicy always() {
        return new Always();
    }

    static FsyncPolicy every(Duration period) {
        return new Interval(period);
    }

    static FsyncPolicy os() {
        return new Os();
    }
}
