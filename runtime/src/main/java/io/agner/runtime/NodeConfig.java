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
 * @param mailboxHighWater a process's mailbox holding more than this many messages is logged
 *                        (logger {@code io.agner.mailbox}, WARN, naming the process), once per
 *                        flood: it warns again only after the mailbox has drained below half of
 *                        it. 0 turns the warning off. Senders check it every
 *                        {@code min(1024, mark / 4)} messages (rounded down to a power of two) from
 *                        the queue's own indexes, so it costs no shared counter on the send path,
 *                        and a flood is reported at most that many messages late
 */
public record NodeConfig(Clock clock, Duration shutdownTimeout, SchedulerKind scheduler, int carriers,
                         int mailboxHighWater) {

    /** The default {@link #mailboxHighWater}: far above what a healthy process keeps waiting. */
    public static final int DEFAULT_MAILBOX_HIGH_WATER = 100_000;

    public static final NodeConfig DEFAULT = new NodeConfig(null, Duration.ofSeconds(5),
            SchedulerKind.fromSystemProperty(), 0, DEFAULT_MAILBOX_HIGH_WATER);

    public NodeConfig {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(scheduler, "scheduler");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be >= 0, was " + shutdownTimeout);
        }
        if (carriers < 0) {
            throw new IllegalArgumentException("carriers must be >= 0 (0 = one per processor), was " + carriers);
        }
        if (mailboxHighWater < 0) {
            throw new IllegalArgumentException("mailboxHighWater must be >= 0 (0 = off), was " + mailboxHighWater);
        }
    }

    public NodeConfig withClock(Clock clock) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers, mailboxHighWater);
    }

    public NodeConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers, mailboxHighWater);
    }

    public NodeConfig withScheduler(SchedulerKind scheduler) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers, mailboxHighWater);
    }

    public NodeConfig withCarriers(int carriers) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers, mailboxHighWater);
    }

    public NodeConfig withMailboxHighWater(int mailboxHighWater) {
        return new NodeConfig(clock, shutdownTimeout, scheduler, carriers, mailboxHighWater);
    }
}
