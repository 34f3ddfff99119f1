package io.agner.runtime.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a mailbox overflowed — it passed the node's high-water mark (once per flood, as the WARN
 * of {@link OverloadReport}), or its process was killed for passing its limit or filling its
 * bounded mailbox. On by default: it is as rare as those log lines.
 */
@Name(MailboxOverflowEvent.NAME)
@Label("Mailbox Overflow")
@Category({"agner", "Processes"})
@Description("A mailbox passed the node's high-water mark, or its process was killed for overflowing it")
@StackTrace(false)
final class MailboxOverflowEvent extends jdk.jfr.Event {

    static final String NAME = "agner.MailboxOverflow";

    /** What happened, the {@link #kind} field's values. */
    static final String HIGH_WATER = "high-water";
    static final String KILLED = "killed";
    static final String FULL = "full";

    @Label("Pid")
    String pid;

    @Label("Registered Name")
    String registeredName;

    @Label("Kind")
    @Description("high-water (warned), killed (passed SpawnOptions.withMailboxKillAbove) or full (bounded, Overflow.EXIT_RECEIVER)")
    String kind;

    @Label("Length")
    @Description("Messages waiting when it was noticed (0 when not measured)")
    long length;

    @Label("Limit")
    @Description("The mark or limit passed (0 for a full bounded mailbox)")
    long limit;

    static void emit(Object pid, String name, String kind, long length, long limit) {
        MailboxOverflowEvent e = new MailboxOverflowEvent();
        if (e.shouldCommit()) {
            e.pid = pid.toString();
            e.registeredName = name;
            e.kind = kind;
            e.length = length;
            e.limit = limit;
            e.commit();
        }
    }
}
