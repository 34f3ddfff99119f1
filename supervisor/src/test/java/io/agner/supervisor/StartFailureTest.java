package io.agner.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.behaviour.StartException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.Started;
import io.agner.supervisor.Kids.Stopped;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A child that cannot start aborts its supervisor's start; the children already started are stopped. */
class StartFailureTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    /** A server whose init exits with {@code reason}. */
    record Refuses(ExitReason reason) implements GenServer<Object> {
        @Override
        public Object init(ProcessContext ctx) {
            ctx.exit(reason);
            return null;
        }
    }

    private static List<ChildSpec> children(Probe probe, ChildStart second) {
        return List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a", true)),
                ChildSpec.worker("b", Kids.worker(probe, "b", true)),
                ChildSpec.worker("bad", second),
                ChildSpec.worker("never", Kids.worker(probe, "never")));
    }

    @Test
    void childStartThrows_supervisorStartFails_andStartedChildrenAreStoppedInReverse() {
        Probe probe = agner.probe();

        StartException e = assertThrows(StartException.class,
                () -> Supervisor.start(agner.node(), SupFlags.DEFAULT, children(probe, Kids.failing("no database"))));

        ExitReason.Shutdown reason = assertInstanceOf(ExitReason.Shutdown.class, e.reason());
        SupervisorServer.StartFailure failure = assertInstanceOf(SupervisorServer.StartFailure.class, reason.detail());
        assertEquals("bad", failure.childId());
        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, failure.reason());
        assertEquals("no database", error.cause().getMessage());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("no database"), e.getMessage());

        assertEquals("a", probe.next(Started.class).id());
        assertEquals("b", probe.next(Started.class).id());
        assertEquals(new Stopped("b", ExitReason.SHUTDOWN), probe.next());
        assertEquals(new Stopped("a", ExitReason.SHUTDOWN), probe.next());
        assertEquals(List.of(), probe.drain(), "the child after the failed one never started");
    }

    @Test
    void childInitExits_itsReasonIsTheStartFailure() {
        Probe probe = agner.probe();
        ChildStart refuses = (s, args) -> GenServers.startLink(s, new Refuses(ExitReason.of("no config")));

        StartException e = assertThrows(StartException.class,
                () -> Supervisor.start(agner.node(), SupFlags.DEFAULT, children(probe, refuses)));

        assertEquals(ExitReason.shutdown(new SupervisorServer.StartFailure("bad", ExitReason.of("no config"))), e.reason());
    }

    @Test
    void childStartFailsUnderStartLink_theTrappingParentGetsTheExitSignalToo() {
        Probe probe = agner.probe();

        StartException e = probe.call(ctx -> {
            ctx.trapExit(true);
            return assertThrows(StartException.class,
                    () -> Supervisor.startLink(ctx, SupFlags.DEFAULT, children(probe, Kids.failing("no database"))));
        });

        probe.next(Started.class);
        probe.next(Started.class);
        probe.next(Stopped.class);
        probe.next(Stopped.class);
        assertEquals(e.reason(), probe.next(Signal.Exit.class).reason());
    }
}
