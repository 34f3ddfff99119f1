package io.agner.runtime;

/**
 * The node's source of time and of delayed actions: receive timeouts, {@code sendAfter} and
 * behaviours' timeouts all go through it. Any thread may call it.
 *
 * <p>The default uses {@link System#nanoTime()} and one shared timer thread for the whole node
 * (no thread per timer). Tests inject a manual clock to make time-based behaviour deterministic.
 * Not to be confused with {@code java.time.Clock} (wall-clock time) nor with the node's
 * <em>scheduler</em>, which decides which process runs on which carrier thread
 * ({@link SchedulerKind}).
 */
public interface Clock {

    /**
     * Runs {@code action} once, {@code delayNanos} from now, on a timer thread. The action
     * must be short and must not block (typically: deliver a message, wake a process).
     */
    TimerRef schedule(long delayNanos, Runnable action);

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    default long nanoTime() {
        return System.nanoTime();
    }
}
