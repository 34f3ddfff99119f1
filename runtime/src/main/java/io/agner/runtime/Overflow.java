package io.agner.runtime;

/**
 * What a bounded mailbox does with an ordinary message that arrives when it is full. Exit and
 * down signals, {@link SystemMessage}s and messages sent to an {@link Alias} (replies) are never
 * subject to it. A bounded mailbox counts what it admits with one shared counter (a
 * compare-and-set per send); an unbounded one has none. To kill a process whose mailbox floods,
 * without a bound and its counter, see {@link SpawnOptions#withMailboxKillAbove}.
 */
public enum Overflow {
    /** The arriving message is dropped (and counted in {@link ProcessInfo#messagesDropped()}); the sender is not told, as a send never fails. */
    DROP_NEWEST,
    /**
     * The receiver is sent an exit signal with reason {@code mailbox_overflow}, as if it had
     * crashed: its supervisor decides. The node logs it once (logger {@code io.agner.mailbox}, ERROR).
     */
    EXIT_RECEIVER
}
