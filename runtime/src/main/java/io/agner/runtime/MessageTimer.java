package io.agner.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * A pending delayed message, from {@code sendAfter} or {@code startTimer}. Any thread may cancel
 * it. Compared by identity: the {@link TimerMessage} a {@code startTimer} delivers carries this
 * very object, as Erlang's {@code {timeout, TimerRef, Msg}} carries the timer's reference.
 */
public interface MessageTimer extends TimerRef {

    /**
     * Cancels the timer and says how long it had left, as Erlang's {@code cancel_timer/1}.
     *
     * @return the time that was left (zero if it was due but had not fired yet); empty if it had
     *         already fired (its message may be in the mailbox) or was cancelled before
     */
    Optional<Duration> cancelRemaining();
}
