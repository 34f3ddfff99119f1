package io.agner.hotswap;

import io.agner.runtime.Pid;
import java.time.Duration;
import java.util.List;

/**
 * What loading a module did: a first load, or an upgrade of every process running it, all or
 * nothing. Immutable.
 *
 * @param module    the module name
 * @param from      the version that was current before, or null for a first load
 * @param to        the version loaded
 * @param committed true if every process now runs {@code to}; false if nothing changed
 * @param processes what happened to each process (on a rollback, the failing one says why)
 * @param failure   why it was not committed, or null
 * @param diff      how the state records change from {@code from} to {@code to} (read before any
 *                  process was touched), or null for a first load
 */
public record Upgrade(String module, String from, String to, boolean committed, List<ProcessResult> processes, String failure,
                      StateDiff diff) {

    public Upgrade {
        processes = List.copyOf(processes);
    }

    /**
     * One process's part in an upgrade.
     *
     * @param paused how long the process was suspended, measured by the process itself (from
     *               the upgrade's prepare to its commit or abort); zero when it never was
     */
    public record ProcessResult(Pid pid, boolean upgraded, String detail, Duration paused) {

        public ProcessResult(Pid pid, boolean upgraded, String detail) {
            this(pid, upgraded, detail, Duration.ZERO);
        }
    }
}
