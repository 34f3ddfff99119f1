package io.agner.runtime;

/**
 * The term of the exit reason of a process killed because its mailbox passed its limit
 * ({@link SpawnOptions#withMailboxKillAbove}): {@code ExitReason.of(new MailboxOverflow(limit, length))},
 * shown as {@code {mailbox_overflow, Length}}. Erlang kills a process that passes its
 * {@code max_heap_size} with reason {@code killed}; agner names the cause and the count instead.
 *
 * @param limit  the limit it passed
 * @param length the messages waiting when the sender that passed it looked: more than {@code limit}
 */
public record MailboxOverflow(int limit, long length) {

    @Override
    public String toString() {
        return "{mailbox_overflow, " + length + "}";
    }
}
