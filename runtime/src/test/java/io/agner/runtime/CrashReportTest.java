package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.agner.testkit.LogCapture;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CrashReportTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @RegisterExtension
    final LogCapture crashLog = new LogCapture("io.agner.crash");

    @Test
    void crash_isLoggedOnceWithPidNameReasonAndStack() {
        Probe probe = agner.probe();
        AtomicReference<Pid> bystander = new AtomicReference<>();
        Pid crasher = agner.node().spawn(ctx -> {
            bystander.set(ctx.spawnLink(c -> c.receive()));
            ctx.send(probe.pid(), "ready");
            ctx.receive(m -> m.equals("go"));
            throw new IllegalStateException("boom");
        }, SpawnOptions.DEFAULT.withName("worker"));
        assertEquals("ready", probe.next());
        probe.run(ctx -> ctx.monitor(bystander.get()));

        agner.node().send(crasher, "go");
        probe.next(Signal.Down.class); // the linked bystander died of it too

        List<ILoggingEvent> logged = crashLog.events();
        assertEquals(1, logged.size(), "one report for the crash, none for the linked process: " + logged);
        ILoggingEvent report = logged.get(0);
        assertEquals(Level.ERROR, report.getLevel());
        String text = report.getFormattedMessage();
        assertTrue(text.contains(crasher.toString()) && text.contains("'worker'") && text.contains("boom"), text);
        assertEquals("boom", report.getThrowableProxy().getMessage());
        assertTrue(report.getThrowableProxy().getStackTraceElementProxyArray().length > 0, "the stack is logged");
    }

    @Test
    void normalShutdownAndSignalledExits_areQuiet() {
        Probe probe = agner.probe();
        Pid normal = agner.node().spawn(ctx -> {});
        Pid shutdown = agner.node().spawn(ctx -> ctx.exit(ExitReason.shutdown("rotating")));
        Pid killed = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        probe.run(ctx -> {
            ctx.monitor(normal);
            ctx.monitor(shutdown);
            ctx.monitor(killed);
        });
        agner.node().exit(killed, ExitReason.KILL);
        for (int i = 0; i < 3; i++) {
            probe.next(Signal.Down.class);
        }
        assertEquals(List.of(), crashLog.events());
    }
}
