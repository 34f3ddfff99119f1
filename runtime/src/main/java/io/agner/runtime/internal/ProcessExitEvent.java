package io.agner.runtime.internal;

import io.agner.runtime.ExitReason;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a process exited, with its reason. Off by default ({@code @Enabled(false)}) for the same
 * reason as {@link ProcessSpawnEvent}; when on, the reason is rendered only for a recording that
 * takes the event. Crashes are logged anyway (logger {@code io.agner.crash}).
 */
@Name(ProcessExitEvent.NAME)
@Label("Process Exit")
@Category({"agner", "Processes"})
@Description("A process exited")
@Enabled(false)
@StackTrace(false)
final class ProcessExitEvent extends jdk.jfr.Event {

    static final String NAME = "agner.ProcessExit";

    @Label("Pid")
    String pid;

    @Label("Registered Name")
    @Description("The name it held when it exited, if any")
    String registeredName;

    @Label("Reason")
    String reason;

    @Label("Orderly")
    @Description("normal, shutdown or {shutdown, _}: an exit that is not a failure")
    boolean orderly;

    /** Records an exit if a recording wants it. */
    static void emit(Proc proc, String name, ExitReason reason) {
        ProcessExitEvent e = new ProcessExitEvent();
        if (e.shouldCommit()) {
            e.pid = proc.toString();
            e.registeredName = name;
            e.reason = reason.toString();
            e.orderly = reason.isOrderly();
            e.commit();
        }
    }
}
