package io.agner.supervisor;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a supervisor restarts a child that failed (one event per failure, whatever the strategy
 * restarts with it). On by default: restarts are rare, and each is logged anyway.
 */
@Name(SupervisorRestartEvent.NAME)
@Label("Supervisor Restart")
@Category({"agner", "Supervisors"})
@Description("A supervisor restarts a failed child")
@StackTrace(false)
final class SupervisorRestartEvent extends jdk.jfr.Event {

    static final String NAME = "agner.SupervisorRestart";

    @Label("Supervisor")
    String supervisor;

    @Label("Supervisor Name")
    @Description("Its registered name, if any")
    String supervisorName;

    @Label("Child Id")
    String childId;

    @Label("Reason")
    @Description("Why: the child's exit reason, or a failed restart being retried")
    String reason;

    @Label("Strategy")
    String strategy;

    static void emit(Object supervisor, String supervisorName, String childId, String reason, RestartStrategy strategy) {
        SupervisorRestartEvent e = new SupervisorRestartEvent();
        if (e.shouldCommit()) {
            e.supervisor = supervisor.toString();
            e.supervisorName = supervisorName;
            e.childId = childId;
            e.reason = reason;
            e.strategy = strategy.name();
            e.commit();
        }
    }
}
