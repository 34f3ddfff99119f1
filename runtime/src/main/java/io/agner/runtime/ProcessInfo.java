package io.agner.runtime;

import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of one live process, as Erlang's {@code process_info/1}. Immutable; taken without
 * stopping the process, so its fields may not all be from the same instant.
 *
 * @param pid              the process
 * @param registeredName   its registered name, if any
 * @param status           what it is doing
 * @param mailboxLength    messages waiting, including those a selective receive skipped
 *                         (Erlang's {@code message_queue_len}); exact, whoever reads it: the
 *                         length at one moment of the read (only while the process keeps
 *                         taking messages through the whole read can it be short by the one or
 *                         two taken meanwhile)
 * @param messagesReceived messages it has taken from its mailbox so far
 * @param messagesDropped  messages a bounded mailbox dropped
 * @param trapExit         whether it traps exits
 * @param links            the processes it is linked to
 * @param monitors         the processes it monitors
 * @param monitoredBy      the processes monitoring it
 * @param behaviour        the behaviour it runs (set by behaviours, e.g. {@code gen_server})
 * @param moduleVersion    the code module and version it runs (set by the code server)
 */
public record ProcessInfo(
        Pid pid,
        Optional<String> registeredName,
        Status status,
        int mailboxLength,
        long messagesReceived,
        long messagesDropped,
        boolean trapExit,
        Set<Pid> links,
        Set<Pid> monitors,
        Set<Pid> monitoredBy,
        Optional<String> behaviour,
        Optional<String> moduleVersion) {

    public ProcessInfo {
        links = Set.copyOf(links);
        monitors = Set.copyOf(monitors);
        monitoredBy = Set.copyOf(monitoredBy);
    }

    /** A process's status, Erlang's {@code status} item. */
    public enum Status {
        /** Running or ready to run. */
        RUNNING,
        /** Blocked: in {@code receive} with nothing matching, or in sleep, I/O or a lock. */
        WAITING,
        /**
         * Exiting: a fatal exit signal has reached it (its thread unwinds at its next blocking
         * point), or its links and monitors are being told.
         */
        EXITING
    }
}
