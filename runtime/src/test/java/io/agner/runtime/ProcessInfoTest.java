package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProcessInfoTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void pid_printsLikeErlang() {
        Pid p = agner.probe().pid();
        assertTrue(p.toString().matches("<0\\.\\d+\\.0>"), p.toString());
        assertEquals("<0.0.0>", agner.node().systemPid().toString());
    }

    @Test
    void ref_isUniqueAndPrintable() {
        Ref a = Ref.make();
        Ref b = Ref.make();
        assertTrue(!a.equals(b) && a.toString().startsWith("#Ref<"), a + " " + b);
    }

    @Test
    void info_reportsNameLinksMonitorsTrapExitAndCode() {
        Probe probe = agner.probe();
        Pid linked = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Pid watched = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        probe.run(ctx -> {
            ctx.register("observer");
            ctx.trapExit(true);
            ctx.link(linked);
            ctx.monitor(watched);
            ctx.setBehaviour("gen_server");
            ctx.setModuleVersion("billing 2");
        });

        ProcessInfo info = agner.node().info(probe.pid()).orElseThrow();

        assertEquals(probe.pid(), info.pid());
        assertEquals(Optional.of("observer"), info.registeredName());
        assertTrue(info.trapExit());
        assertEquals(Set.of(linked), info.links());
        assertEquals(Set.of(watched), info.monitors());
        assertEquals(Optional.of("gen_server"), info.behaviour());
        assertEquals(Optional.of("billing 2"), info.moduleVersion());
        assertEquals(Set.of(probe.pid()), agner.node().info(linked).orElseThrow().links());
        assertEquals(Set.of(probe.pid()), agner.node().info(watched).orElseThrow().monitoredBy());
    }

    @Test
    void info_countsMailboxAndReceivedMessages() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            ctx.send(probe.pid(), "took go");
            ctx.receive(m -> m.equals("never"));
        });
        agner.node().send(p, "a");
        agner.node().send(p, "b");
        agner.node().send(p, "go");
        assertEquals("took go", probe.next());

        await().untilAsserted(() -> {
            ProcessInfo info = agner.node().info(p).orElseThrow();
            assertEquals(ProcessInfo.Status.WAITING, info.status());
            assertEquals(2, info.mailboxLength());
            assertEquals(1, info.messagesReceived());
        });
    }

    /**
     * Erlang's {@code process_info(Pid, message_queue_len)}, read by another process while the
     * owner's selective receive moves many non-matching messages to its save queue: none is taken,
     * so every reading is exactly the number sent. (A length that adds the save queue to the new
     * arrivals counts a message twice, or not at all, while it moves.)
     */
    @Test
    void mailboxLength_readByAnotherProcess_isExactWhileASelectiveReceiveSkipsMessages() throws Exception {
        int sent = 200_000;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger skipped = new AtomicInteger();
        Pid owner = agner.node().spawn(ctx -> {
            gate.await();
            ctx.receive(m -> {
                skipped.incrementAndGet();
                return m.equals("never");
            });
        });
        for (int i = 0; i < sent; i++) {
            agner.node().send(owner, i);
        }
        Probe probe = agner.probe();
        CountDownLatch reading = new CountDownLatch(1);
        agner.node().spawn(ctx -> {
            List<Integer> wrong = new ArrayList<>();
            int readings = 0;
            reading.countDown();
            do {
                int length = ctx.node().info(owner).orElseThrow().mailboxLength();
                readings++;
                if (length != sent && wrong.size() < 10) {
                    wrong.add(length);
                }
            } while (skipped.get() < sent);
            ctx.send(probe.pid(), List.of(readings, wrong));
        });
        reading.await();

        gate.countDown();

        List<?> result = probe.next(List.class);
        assertEquals(List.of(), result.get(1), "lengths other than " + sent + " among " + result.get(0) + " readings");
        await().until(() -> agner.node().info(owner).orElseThrow().status() == ProcessInfo.Status.WAITING);
        assertEquals(sent, agner.node().info(owner).orElseThrow().mailboxLength());
        assertEquals(0, agner.node().info(owner).orElseThrow().messagesReceived());
    }

    @Test
    void info_deadPid_isEmpty() {
        Probe probe = agner.probe();
        Pid dead = agner.node().spawn(ctx -> {});
        probe.run(ctx -> ctx.monitor(dead));
        probe.next(Signal.Down.class);
        assertEquals(Optional.empty(), agner.node().info(dead));
    }

    @Test
    void processes_listsEveryLiveProcessInPidOrder() {
        Pid a = agner.probe().pid();
        Pid b = agner.probe().pid();
        Pid c = agner.probe().pid();

        List<Pid> listed = agner.node().processes().stream().map(ProcessInfo::pid).toList();

        assertEquals(List.of(a, b, c), listed);
    }

    @Test
    void info_fromInsideTheProcess() {
        Probe probe = agner.probe();
        ProcessInfo info = probe.call(ProcessContext::info);
        assertEquals(ProcessInfo.Status.RUNNING, info.status());
        assertEquals(probe.pid(), info.pid());
    }
}
