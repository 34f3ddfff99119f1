package io.agner.runtime;

import java.util.Objects;

/**
 * How to spawn a process (Erlang's {@code spawn_opt}). Immutable: change a copy with the
 * {@code withX} methods, starting from {@link #DEFAULT}.
 *
 * @param link            link the new process to the spawning one before it runs
 * @param trapExit        start the process already trapping exits
 * @param name            register the process under this name before it runs; spawning fails
 *                        if the name is taken. {@code null} for none
 * @param mailboxCapacity at most this many messages waiting; {@code 0} means unbounded
 * @param overflow        what a full bounded mailbox does with another ordinary message
 * @param mailboxKillAbove kill the process once more than this many messages wait; {@code 0} for
 *                        no limit. See {@link #withMailboxKillAbove}
 */
public record SpawnOptions(boolean link, boolean trapExit, String name, int mailboxCapacity, Overflow overflow,
                           int mailboxKillAbove) {

    /** Unlinked, not trapping, unnamed, unbounded mailbox, no limit. */
    public static final SpawnOptions DEFAULT = new SpawnOptions(false, false, null, 0, Overflow.DROP_NEWEST, 0);

    public SpawnOptions {
        if (mailboxCapacity < 0) {
            throw new IllegalArgumentException("mailboxCapacity must be >= 0 (0 = unbounded), was " + mailboxCapacity);
        }
        Objects.requireNonNull(overflow, "overflow");
        if (mailboxKillAbove < 0) {
            throw new IllegalArgumentException("mailboxKillAbove must be >= 0 (0 = no limit), was " + mailboxKillAbove);
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
    }

    public SpawnOptions withLink(boolean link) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow, mailboxKillAbove);
    }

    public SpawnOptions withTrapExit(boolean trapExit) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow, mailboxKillAbove);
    }

    public SpawnOptions withName(String name) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow, mailboxKillAbove);
    }

    /**
     * A bounded mailbox of {@code capacity} messages. Exit and down signals, {@link SystemMessage}s
     * and messages sent to an {@link Alias} (replies) are never refused; they count towards the
     * length, so ordinary messages may be refused until it is below the capacity again.
     */
    public SpawnOptions withMailbox(int capacity, Overflow overflow) {
        return new SpawnOptions(link, trapExit, name, capacity, overflow, mailboxKillAbove);
    }

    /**
     * Kills the process, untrappably, as soon as more than {@code messages} wait in its mailbox
     * (saved ones, signals and replies included): Erlang's {@code max_heap_size} with
     * {@code kill => true}, counted in messages. Its links and monitors get
     * {@code ExitReason.of(new MailboxOverflow(limit, length))}, and the node logs it (logger
     * {@code io.agner.mailbox}, ERROR). Nothing is refused: the message that passes the limit is
     * queued, and the process dies at its next blocking point (at once if it waits in
     * {@code receive}). Unlike {@link #withMailbox} it needs no shared counter: the check reads the
     * queue's own indexes after each send. {@code 0} removes the limit.
     */
    public SpawnOptions withMailboxKillAbove(int messages) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow, messages);
    }
}
