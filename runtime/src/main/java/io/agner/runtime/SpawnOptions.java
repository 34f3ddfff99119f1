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
 */
public record SpawnOptions(boolean link, boolean trapExit, String name, int mailboxCapacity, Overflow overflow) {

    /** Unlinked, not trapping, unnamed, unbounded mailbox. */
    public static final SpawnOptions DEFAULT = new SpawnOptions(false, false, null, 0, Overflow.DROP_NEWEST);

    public SpawnOptions {
        if (mailboxCapacity < 0) {
            throw new IllegalArgumentException("mailboxCapacity must be >= 0 (0 = unbounded), was " + mailboxCapacity);
        }
        Objects.requireNonNull(overflow, "overflow");
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
    }

    public SpawnOptions withLink(boolean link) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow);
    }

    public SpawnOptions withTrapExit(boolean trapExit) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow);
    }

    public SpawnOptions withName(String name) {
        return new SpawnOptions(link, trapExit, name, mailboxCapacity, overflow);
    }

    /**
     * A bounded mailbox of {@code capacity} messages. Exit and down signals, {@link SystemMessage}s
     * and messages sent to an {@link Alias} (replies) are never refused; they count towards the
     * length, so ordinary messages may be refused until it is below the capacity again.
     */
    public SpawnOptions withMailbox(int capacity, Overflow overflow) {
        return new SpawnOptions(link, trapExit, name, capacity, overflow);
    }
}
