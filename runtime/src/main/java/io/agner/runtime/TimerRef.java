package io.agner.runtime;

/**
 * A pending timer — a delayed message or a scheduled action. Any thread may cancel it.
 */
@FunctionalInterface
public interface TimerRef {

    /**
     * Cancels the timer.
     *
     * @return true if it had not fired: its message will never be sent. False if it already
     *         fired (the message may be in the mailbox) or was cancelled before.
     */
    boolean cancel();
}
