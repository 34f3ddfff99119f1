package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BoundedMailboxTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Sys(String what) implements SystemMessage {}

    /** A process with a mailbox of {@code capacity} that forwards everything once the gate opens. */
    private Pid gatedForwarder(CountDownLatch gate, Probe probe, SpawnOptions options) {
        return agner.node().spawn(ctx -> {
            gate.await();
            while (true) {
                ctx.send(probe.pid(), ctx.receive());
            }
        }, options);
    }

    @Test
    void dropNewest_keepsTheFirstMessagesAndCountsTheRest() {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid p = gatedForwarder(gate, probe, SpawnOptions.DEFAULT.withMailbox(3, Overflow.DROP_NEWEST));

        for (int i = 1; i <= 5; i++) {
            agner.node().send(p, i);
        }
        ProcessInfo info = agner.node().info(p).orElseThrow();
        assertEquals(3, info.mailboxLength());
        assertEquals(2, info.messagesDropped());

        gate.countDown();
        assertEquals(List.of(1, 2, 3), List.of(probe.next(), probe.next(), probe.next()));
    }

    @Test
    void fullMailbox_neverDropsSignalsOrSystemMessages() {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid p = gatedForwarder(gate, probe,
                SpawnOptions.DEFAULT.withMailbox(1, Overflow.DROP_NEWEST).withTrapExit(true));
        Pid doomed = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Probe helper = agner.probe();
        helper.run(ctx -> ctx.monitor(doomed));

        agner.node().send(p, "fills it");
        agner.node().send(p, "dropped");
        agner.node().send(p, new Sys("suspend"));
        agner.node().exit(p, ExitReason.of("trapped"));
        agner.node().exit(p, ExitReason.NORMAL);
        helper.run(ctx -> ctx.send(p, "dropped too"));
        assertEquals(4, agner.node().info(p).orElseThrow().mailboxLength());

        gate.countDown();
        assertEquals("fills it", probe.next());
        assertEquals(new Sys("suspend"), probe.next());
        assertEquals(new Signal.Exit(agner.node().systemPid(), ExitReason.of("trapped")), probe.next());
        assertEquals(new Signal.Exit(agner.node().systemPid(), ExitReason.NORMAL), probe.next());
        agner.node().send(p, "after draining");
        assertEquals("after draining", probe.next());
    }

    /** An alias is a reply address: what is sent to it is never refused, like a signal. */
    @Test
    void fullMailbox_neverRefusesWhatIsSentToAnAlias() {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            Alias alias = ctx.alias();
            ctx.send(ctx.self(), "fills it");
            ctx.send(probe.pid(), alias);
            gate.await();
            while (true) {
                ctx.send(probe.pid(), ctx.receive());
            }
        }, SpawnOptions.DEFAULT.withMailbox(1, Overflow.EXIT_RECEIVER));
        Alias alias = probe.next(Alias.class);

        alias.send("the reply");
        gate.countDown();

        assertEquals("fills it", probe.next());
        assertEquals("the reply", probe.next());
        assertEquals(0, agner.node().info(p).orElseThrow().messagesDropped());
    }

    @Test
    void exitReceiver_overflowKillsTheReceiver() {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid p = gatedForwarder(gate, probe, SpawnOptions.DEFAULT.withMailbox(1, Overflow.EXIT_RECEIVER));
        Probe watcher = agner.probe();
        watcher.run(ctx -> ctx.monitor(p));

        agner.node().send(p, "fits");
        agner.node().send(p, "overflows");

        assertEquals(ExitReason.of("mailbox_overflow"), watcher.next(Signal.Down.class).reason());
    }

    @Test
    void negativeCapacity_isRejectedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpawnOptions.DEFAULT.withMailbox(-1, Overflow.DROP_NEWEST));
        assertEquals("mailboxCapacity must be >= 0 (0 = unbounded), was -1", e.getMessage());
    }

    @Test
    void boundedMailbox_selectiveReceiveStillWorks() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.send(probe.pid(), ctx.receive(m -> m.equals("b")));
            ctx.send(probe.pid(), ctx.receive());
            ctx.send(probe.pid(), ctx.info().mailboxLength());
        }, SpawnOptions.DEFAULT.withMailbox(2, Overflow.DROP_NEWEST));
        agner.node().send(p, "a");
        agner.node().send(p, "b");
        assertEquals("b", probe.next());
        assertEquals("a", probe.next());
        assertEquals(0, probe.next(), "the selected message and the saved one both left the count");
    }
}
