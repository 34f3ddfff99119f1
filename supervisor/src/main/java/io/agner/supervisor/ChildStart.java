package io.agner.supervisor;

import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.util.List;

/**
 * Starts one child (OTP's start {M, F, A}); called on the supervisor's process, which must end
 * up linked to the child — use a {@code startLink} (e.g. {@code GenServers.startLink(supervisor,
 * ...)} or {@code supervisor.spawnLink(...)}).
 */
@FunctionalInterface
public interface ChildStart {

    /**
     * @param supervisor the supervisor's process context
     * @param args       extra arguments given to {@code startChild} of a simple-one-for-one
     *                   supervisor; empty for the other strategies
     * @return the child's pid, or {@code null} to ignore this start (OTP's {@code ignore}); a
     *         start that throws {@code io.agner.behaviour.StartIgnoredException} — what
     *         {@code GenServers.startLink} and {@code StateMachines.startLink} throw when init
     *         declines — is ignored the same way
     * @throws Exception to fail the start (the supervisor reports the reason)
     */
    Pid start(ProcessContext supervisor, List<Object> args) throws Exception;
}
