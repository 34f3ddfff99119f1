package io.agner.hotswap;

import java.time.Duration;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR: an upgrade of a module's processes, committed or rolled back; the event's duration spans
 * the upgrade (prepare, convert, commit or abort), not the jar's validation. First loads, which
 * touch no process, are not recorded. On by default: upgrades are rare.
 */
@Name(ModuleUpgradeEvent.NAME)
@Label("Module Upgrade")
@Category({"agner", "Code Server"})
@Description("A module's processes were upgraded to a new version, or rolled back")
@StackTrace(false)
final class ModuleUpgradeEvent extends jdk.jfr.Event {

    static final String NAME = "agner.ModuleUpgrade";

    @Label("Module")
    String module;

    @Label("From Version")
    String fromVersion;

    @Label("To Version")
    String toVersion;

    @Label("Committed")
    @Description("true: every process runs the new version; false: rolled back, nothing changed")
    boolean committed;

    @Label("Longest Pause")
    @Description("The longest any process was suspended, as it measured itself")
    @Timespan(Timespan.NANOSECONDS)
    long longestPause;

    @Label("Processes")
    int processes;

    @Label("Failure")
    @Description("Why it was rolled back, if it was")
    String failure;

    /** Commits {@code event} (begun before the upgrade) with the upgrade's outcome, if a recording wants it. */
    static void end(ModuleUpgradeEvent event, Upgrade result) {
        event.end();
        if (event.shouldCommit()) {
            event.module = result.module();
            event.fromVersion = result.from();
            event.toVersion = result.to();
            event.committed = result.committed();
            event.longestPause = result.processes().stream().map(Upgrade.ProcessResult::paused)
                    .max(Duration::compareTo).orElse(Duration.ZERO).toNanos();
            event.processes = result.processes().size();
            event.failure = result.failure();
            event.commit();
        }
    }
}
