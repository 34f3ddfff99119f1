package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ProcessContext#hibernate}, Erlang's {@code erlang:hibernate/3}: the process keeps its
 * identity, mailbox, name, links and monitors while its thread ends, and the next message or
 * signal resumes it on a new thread with an empty stack.
 */
class HibernateTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Seen(Thread thread, Object message) {}

    /** Reports each message it gets to {@code to} with the thread it ran on, hibernating between messages. */
    static ProcessBody hibernatingEcho(Pid to) {
        return ctx -> {
            Object m = ctx.receive();
            ctx.send(to, new Seen(Thread.currentThread(), m));
            ctx.hibernate(hibernatingEcho(to));
        };
    }

    @Test
    void hibernate_endsItsThread_andTheNextMessageResumesItOnANewOne() {
        Probe probe = agner.probe();
        AtomicReference<Thread> first = new AtomicReference<>();
        Pid p = agner.node().spawn(ctx -> {
            first.set(Thread.currentThread());
            ctx.send(probe.pid(), "ready");
            ctx.hibernate(hibernatingEcho(probe.pid()));
        });
        assertEquals("ready", probe.next());
        await().until(() -> !first.get().isAlive());                 // its thread ended, the process did not
        assertTrue(agner.node().isAlive(p));
        assertEquals(ProcessInfo.Status.WAITING, agner.node().info(p).orElseThrow().status());

        agner.node().send(p, "one");
        Seen one = probe.next(Seen.class);
        assertEquals("one", one.message());
        assertNotSame(first.get(), one.thread());

        agner.node().send(p, "two");
        Seen two = probe.next(Seen.class);
        assertEquals("two", two.message());
        assertNotSame(one.thread(), two.thread());                     // it hibernated again after "one"
    }

    @Test
    void hibernate_keepsNoReferenceToItsEndedThread_soAnIdleProcessCostsOnlyItsState() {
        Probe probe = agner.probe();
        AtomicReference<WeakReference<Thread>> ended = new AtomicReference<>();
        Pid p = agner.node().spawn(ctx -> {
            ended.set(new WeakReference<>(Thread.currentThread()));
            ctx.send(probe.pid(), "ready");
            ctx.hibernate(hibernatingEcho(probe.pid()));
        });
        assertEquals("ready", probe.next());
        await().until(() -> {
            System.gc();                                               // the runtime holds it no longer: it can go
            return ended.get().get() == null;
        });
        assertTrue(agner.node().isAlive(p));
        assertEquals(ProcessInfo.Status.WAITING, agner.node().info(p).orElseThrow().status());
        assertTrue(agner.node().stackTrace(p).isEmpty());

        agner.node().send(p, "after");
        assertEquals("after", probe.next(Seen.class).message());     // and it resumes as usual
    }

    @Test
    void hibernate_withAMessageQueuedAlready_resumesAtOnce() {
        Probe probe = agner.probe();
        agner.node().spawn(ctx -> {
            ctx.send(ctx.self(), "queued before");
            ctx.hibernate(hibernatingEcho(probe.pid()));
        });
        assertEquals("queued before", probe.next(Seen.class).message());
    }

    @Test
    void hibernatingProcess_keepsItsNameLinksAndMonitors() {
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.trapExit(true));
        Pid p = agner.node().spawn(ctx -> {
            ctx.register("sleeper");
            ctx.send(probe.pid(), "ready");
            ctx.hibernate(c -> {
                Object m = c.receive();
                if (m.equals("crash")) {
                    throw new IllegalStateException("woke up to crash");
                }
            });
        });
        assertEquals("ready", probe.next());
        probe.run(ctx -> ctx.link(p));
        Ref monitor = probe.call(ctx -> ctx.monitor(p));
        await().until(() -> agner.node().info(p).orElseThrow().status() == ProcessInfo.Status.WAITING);
        ProcessInfo info = agner.node().info(p).orElseThrow();
        assertEquals("sleeper", info.registeredName().orElseThrow());
        assertTrue(info.links().contains(probe.pid()));

        agner.node().send("sleeper", "crash");                         // by name: it resumes, then crashes

        Signal.Exit exit = probe.next(Signal.Exit.class);
        assertEquals(p, exit.from());
        assertTrue(exit.reason() instanceof ExitReason.Error);
        Signal.Down down = probe.next(Signal.Down.class);
        assertEquals(monitor, down.ref());
        assertFalse(agner.node().whereis("sleeper").isPresent());
    }

    @Test
    void exitSignal_killsAHibernatingProcess_withItsReason() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> ctx.hibernate(c -> c.receive()));
        probe.run(ctx -> ctx.monitor(p));
        await().until(() -> agner.node().info(p).map(i -> i.status() == ProcessInfo.Status.WAITING).orElse(false));

        agner.node().exit(p, ExitReason.of("shutting down the line"));

        Signal.Down down = probe.next(Signal.Down.class);
        assertEquals(ExitReason.of("shutting down the line"), down.reason());
    }

    @Test
    void kill_killsAHibernatingProcess() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> ctx.hibernate(c -> c.receive()));
        probe.run(ctx -> ctx.monitor(p));
        agner.node().exit(p, ExitReason.KILL);
        assertEquals(ExitReason.KILLED, probe.next(Signal.Down.class).reason());
    }

    @Test
    void trappingExits_aHibernatingProcessIsResumedWithTheExitMessage() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.trapExit(true);
            ctx.send(probe.pid(), "ready");
            ctx.hibernate(hibernatingEcho(probe.pid()));
        });
        assertEquals("ready", probe.next());
        Pid doomed = probe.call(ctx -> ctx.spawn(c -> {
            c.link(p);
            c.exit(ExitReason.of("gone"));
        }));

        Seen seen = probe.next(Seen.class);
        assertEquals(new Signal.Exit(doomed, ExitReason.of("gone")), seen.message());
        assertTrue(agner.node().isAlive(p));
    }

    @Test
    void manySenders_noMessageIsLostOrReordered_acrossHibernations() {
        int senders = 4;
        int each = 2_000;
        Probe probe = agner.probe();
        record Msg(int sender, int seq) {}
        // hibernates after every message: every send races with a thread ending or a resume
        class Counter {
            final int[] next = new int[senders];
            int total;

            void step(ProcessContext ctx) {
                Msg m = (Msg) ctx.receive();
                if (m.seq() != next[m.sender()]) {
                    ctx.send(probe.pid(), "out of order: " + m + ", expected " + next[m.sender()]);
                }
                next[m.sender()]++;
                if (++total == senders * each) {
                    ctx.send(probe.pid(), total);
                }
                ctx.hibernate(this::step);
            }
        }
        Counter counter = new Counter();
        Pid p = agner.node().spawn(counter::step);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            agner.node().spawn(ctx -> {
                for (int i = 0; i < each; i++) {
                    ctx.send(p, new Msg(sender, i));
                }
            });
        }
        assertEquals(senders * each, probe.next());
        assertTrue(agner.node().isAlive(p));
    }

    @Test
    void closingTheNode_endsHibernatingProcesses() {
        Node node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofSeconds(20)));
        List<Pid> sleepers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sleepers.add(node.spawn(ctx -> ctx.hibernate(c -> c.receive())));
        }
        await().until(() -> sleepers.stream().allMatch(p -> node.info(p).map(i -> i.status() == ProcessInfo.Status.WAITING).orElse(false)));
        node.close();
        assertTrue(sleepers.stream().noneMatch(node::isAlive));
    }

    @Test
    void aBorrowedThread_cannotHibernate() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> agner.node().asProcess(ctx -> {
                    ctx.hibernate(c -> {});
                    return null;
                }));
        assertTrue(e.getMessage().contains("borrowed"));
    }
}
