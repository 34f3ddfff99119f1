package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.LogCapture;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Supervisor reports on the SLF4J logger {@code io.agner.supervisor}: one per restart, one per give-up. */
class SupervisorReportTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @RegisterExtension
    final LogCapture log = new LogCapture("io.agner.supervisor");

    private Pid start(Probe probe, int intensity, Restart restart) {
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, intensity, Duration.ofMinutes(1)),
                List.of(ChildSpec.worker("worker", Kids.worker(probe, "worker")).withRestart(restart)), "reporting_sup");
        probe.next(Started.class);
        probe.run(ctx -> ctx.monitor(sup));
        return sup;
    }

    private List<String> reports() {
        return log.events().stream().peek(e -> assertEquals(Level.ERROR, e.getLevel())).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void restart_logsOneReport_namingSupervisorChildAndReason() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = start(probe, 1, Restart.PERMANENT);

        node.send(pids(node, sup).get("worker").orElseThrow(), new ExitWith(ExitReason.of("disk full")));
        probe.next(Started.class);
        Supervisor.whichChildren(node, sup); // the restart has been handled

        List<String> reports = reports();
        assertEquals(1, reports.size(), reports.toString());
        String report = reports.get(0);
        assertTrue(report.contains(sup.toString()) && report.contains("'reporting_sup'") && report.contains("'worker'")
                && report.contains("disk full") && report.contains("restarting"), report);
    }

    @Test
    void giveUp_logsOneReport_sayingItShutsDown() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = start(probe, 0, Restart.PERMANENT);

        node.send(pids(node, sup).get("worker").orElseThrow(), new ExitWith(ExitReason.of("disk full")));
        assertEquals(ExitReason.SHUTDOWN, probe.next(Signal.Down.class).reason());

        List<String> reports = reports();
        assertEquals(1, reports.size(), "one report for the give-up, none claiming a restart: " + reports);
        String report = reports.get(0);
        assertTrue(report.contains(sup.toString()) && report.contains("'worker'") && report.contains("disk full")
                && report.contains("more than 0 restarts") && report.contains("shutdown"), report);
    }

    @Test
    void exitsThatAreNotRestarted_areNotReported() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = start(probe, 1, Restart.TRANSIENT);

        node.send(pids(node, sup).get("worker").orElseThrow(), new ExitWith(ExitReason.shutdown("done")));
        await().until(() -> pids(node, sup).get("worker").equals(Optional.empty()));

        assertEquals(List.of(), reports());
    }
}
