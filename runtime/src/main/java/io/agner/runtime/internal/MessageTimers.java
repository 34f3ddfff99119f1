package io.agner.runtime.internal;

import io.agner.runtime.Clock;
import io.agner.runtime.MessageTimer;
import io.agner.runtime.TimerMessage;
import io.agner.runtime.TimerRef;
import java.time.Duration;
import java.util.Optional;

/**
 * Delayed messages ({@code sendAfter}, {@code startTimer}) on a node's {@link Clock}: each knows
 * its deadline, so cancelling it tells how long was left. Any thread may start or cancel one.
 */
final class MessageTimers {

    private MessageTimers() {}

    /**
     * Delivers {@code message} to {@code target} after {@code delay}; wrapped in a
     * {@link TimerMessage} that carries the timer when {@code tagged} (start_timer).
     */
    static MessageTimer start(Clock clock, Duration delay, Proc target, Object message, boolean tagged) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        Pending timer = new Pending(clock, clock.nanoTime() + delay.toNanos());
        timer.scheduled = clock.schedule(delay.toNanos(),
                () -> target.deliver(tagged ? new TimerMessage(timer, message) : message));
        return timer;
    }

    /**
     * One timer. {@code scheduled} is set once, right after scheduling; a zero-delay timer may
     * fire before that, and its {@link TimerMessage}'s receiver may cancel it: null means fired.
     */
    private static final class Pending implements MessageTimer {
        private final Clock clock;
        private final long deadline;
        private volatile TimerRef scheduled;

        Pending(Clock clock, long deadline) {
            this.clock = clock;
            this.deadline = deadline;
        }

        @Override
        public boolean cancel() {
            TimerRef s = scheduled;
            return s != null && s.cancel();
        }

        @Override
        public Optional<Duration> cancelRemaining() {
            return cancel() ? Optional.of(Duration.ofNanos(Math.max(0, deadline - clock.nanoTime()))) : Optional.empty();
        }

        @Override
        public String toString() {
            return "MessageTimer@" + Integer.toHexString(System.identityHashCode(this));
        }
    }
}
