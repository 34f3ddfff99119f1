package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class CrashReportTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private final Logger crashLog = (Logger) LoggerFactory.getLogger("io.agner.crash");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void capture() {
        previous = crashLog.getLevel();
        crashLog.setLevel(Level.ERROR);
        crashLog.setAdditive(false); // keep the expected report off the console
        events.start();
        crashLog.addAppender(events);
    }

    @AfterEach
    void release() {
        crashLog.detachAppender(events);
        crashLog.setLevel(previous);
        crashLog.setAdditive(true);
    }

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

        List<ILoggingEvent> logged = List.copyOf(events.list);
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
        assertEquals(List.of(), events.list);
    }
}
