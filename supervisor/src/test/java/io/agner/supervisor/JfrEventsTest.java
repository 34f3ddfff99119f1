package io.agner.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.JfrCapture;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A JFR recording around a crash of a supervised child holds its exit, the restart and the new child's spawn. */
class JfrEventsTest {

    private static final String SPAWN = "agner.ProcessSpawn";
    private static final String EXIT = "agner.ProcessExit";
    private static final String RESTART = "agner.SupervisorRestart";

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void aCrashAndItsRestart_areRecorded() throws Exception {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(5, Duration.ofMinutes(1)),
                List.of(ChildSpec.worker("worker", Kids.worker(probe, "worker"))), "the-sup");
        Pid first = probe.next(Started.class).pid();
        Pid[] second = new Pid[1];

        List<RecordedEvent> events = JfrCapture.record(List.of(SPAWN, EXIT, RESTART), () -> {
            node.send(first, new Kids.ExitWith(ExitReason.of("boom")));
            second[0] = probe.next(Started.class).pid();
        });

        RecordedEvent exit = JfrCapture.named(events, EXIT).stream()
                .filter(e -> e.getString("pid").equals(first.toString())).findFirst().orElseThrow(() -> new AssertionError(events));
        assertEquals("boom", exit.getString("reason"));
        assertFalse(exit.getBoolean("orderly"));

        RecordedEvent restart = JfrCapture.named(events, RESTART).getFirst();
        assertEquals(sup.toString(), restart.getString("supervisor"));
        assertEquals("the-sup", restart.getString("supervisorName"));
        assertEquals("worker", restart.getString("childId"));
        assertTrue(restart.getString("reason").contains("boom"), restart.getString("reason"));
        assertEquals("ONE_FOR_ONE", restart.getString("strategy"));

        RecordedEvent spawn = JfrCapture.named(events, SPAWN).stream()
                .filter(e -> e.getString("pid").equals(second[0].toString())).findFirst().orElseThrow(() -> new AssertionError(events));
        assertEquals(sup.toString(), spawn.getString("parent"), "the supervisor spawned the new child");
        assertTrue(exit.getStartTime().compareTo(restart.getStartTime()) <= 0
                && restart.getStartTime().compareTo(spawn.getStartTime()) <= 0, "exit, then restart, then spawn");
    }
}
