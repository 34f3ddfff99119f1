package io.agner.runtime.internal;

import io.agner.runtime.Pid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an overloaded mailbox (issue 19, item 6: a flood used to go unnoticed until the garbage
 * collector choked): a WARN when a mailbox passes the node's high-water mark, once per flood, and
 * an ERROR when a process is killed for passing its own limit or for a full bounded mailbox
 * ({@code Overflow.EXIT_RECEIVER}). Each names the process and its registered name. Called on
 * the sending thread that noticed. Each also records a JFR {@link MailboxOverflowEvent}.
 */
final class OverloadReport {

    /** The logger both go to. */
    static final String LOGGER = "io.agner.mailbox";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private OverloadReport() {}

    static void highWater(Pid pid, String name, long length, int mark) {
        MailboxOverflowEvent.emit(pid, name, MailboxOverflowEvent.HIGH_WATER, length, mark);
        LOG.warn("mailbox of process {} passed the high-water mark of {} messages: {} waiting"
                        + " (NodeConfig.mailboxHighWater; no new warning until it drains below {})",
                who(pid, name), mark, length, mark / 2);
    }

    static void killed(Pid pid, String name, long length, int limit) {
        MailboxOverflowEvent.emit(pid, name, MailboxOverflowEvent.KILLED, length, limit);
        LOG.error("process {} killed: its mailbox passed its limit of {} messages ({} waiting;"
                + " SpawnOptions.withMailboxKillAbove)", who(pid, name), limit, length);
    }

    static void full(Pid pid, String name) {
        MailboxOverflowEvent.emit(pid, name, MailboxOverflowEvent.FULL, 0, 0);
        LOG.error("process {} killed: its bounded mailbox was full (Overflow.EXIT_RECEIVER)", who(pid, name));
    }

    private static String who(Pid pid, String name) {
        return name == null ? pid.toString() : pid + " (registered as '" + name + "')";
    }
}
