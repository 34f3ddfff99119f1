package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SendReceiveTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Seq(int sender, int n) {}

    /** A process that forwards every message it receives to {@code to}. */
    static ProcessBody forwarder(Pid to) {
        return ctx -> {
            while (true) {
                ctx.send(to, ctx.receive());
            }
        };
    }

    @Test
    void send_toDeadPid_isDropped() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid dead = node.spawn(ctx -> {});
        probe.run(ctx -> ctx.monitor(dead));
        assertEquals(dead, probe.next(Signal.Down.class).pid()); // normal, or noproc if it was already gone

        List<Pid> before = pids(node);

        assertDoesNotThrow(() -> node.send(dead, "lost"));
        assertDoesNotThrow(() -> probe.run(ctx -> ctx.send(dead, "lost too")));

        assertFalse(node.isAlive(dead));
        assertTrue(node.info(dead).isEmpty());
        assertTrue(node.isAlive(probe.pid()), "the sending process carries on");
        assertEquals(List.of(), probe.drain(), "nothing comes back to the sender");
        assertEquals(before, pids(node), "no process started or stopped");
    }

    private static List<Pid> pids(Node node) {
        return node.processes().stream().map(ProcessInfo::pid).toList();
    }

    @Test
    void receive_takesOldestFirst() {
        Probe probe = agner.probe();
        Pid fwd = agner.node().spawn(forwarder(probe.pid()));
        for (int i = 1; i <= 3; i++) {
            agner.node().send(fwd, i);
        }
        assertEquals(List.of(1, 2, 3), List.of(probe.next(), probe.next(), probe.next()));
    }

    @Test
    void receive_selective_keepsOtherMessagesInOrder() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.send(probe.pid(), ctx.receive(m -> m.equals("go")));
            for (int i = 0; i < 3; i++) {
                ctx.send(probe.pid(), ctx.receive());
            }
        });
        agner.node().send(p, "a");
        agner.node().send(p, "b");
        agner.node().send(p, "go");
        agner.node().send(p, "c");
        assertEquals(List.of("go", "a", "b", "c"), List.of(probe.next(), probe.next(), probe.next(), probe.next()));
    }

    @Test
    void receive_selective_predicateThatThrows_losesNothing() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            try {
                ctx.receive(m -> {
                    throw new IllegalStateException("bad pattern");
                });
            } catch (IllegalStateException expected) {
                ctx.send(probe.pid(), ctx.receive());
            }
        });
        agner.node().send(p, "kept");
        agner.node().send(p, "go");
        assertEquals("kept", probe.next());
    }

    @Test
    void receive_zeroTimeout_pollsWithoutBlocking() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.send(probe.pid(), ctx.receive(Duration.ZERO));
            ctx.receive(m -> m.equals("check"));
            ctx.send(probe.pid(), ctx.receive(Duration.ZERO));
        });
        assertEquals(Optional.empty(), probe.next());
        agner.node().send(p, "payload");
        agner.node().send(p, "check");
        assertEquals(Optional.of("payload"), probe.next());
    }

    @Test
    void send_byRegisteredName_delivers() {
        Probe probe = agner.probe();
        agner.node().register("inbox", probe.pid());
        agner.node().send("inbox", "hello");
        probe.run(ctx -> ctx.send("inbox", "from a process"));
        assertEquals(List.of("hello", "from a process"), List.of(probe.next(), probe.next()));
    }

    @Test
    void send_toUnregisteredName_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> agner.node().send("nobody", "x"));
        assertTrue(e.getMessage().contains("'nobody'"), e.getMessage());
    }

    @Test
    void send_nullMessage_isRejected() {
        Probe probe = agner.probe();
        assertThrows(NullPointerException.class, () -> agner.node().send(probe.pid(), null));
    }

    @Test
    void send_toForeignPidImplementation_isRejected() {
        Pid fake = () -> 42;
        assertThrows(IllegalArgumentException.class, () -> agner.node().send(fake, "x"));
    }

    @Test
    void send_happensBeforeTheReceiveThatTakesIt() {
        Probe probe = agner.probe();
        Pid reader = agner.node().spawn(ctx -> {
            int[] box = (int[]) ctx.receive();
            ctx.send(probe.pid(), box[0]);
        });
        int[] box = new int[1];
        box[0] = 42; // a plain write, published only by the send
        agner.node().send(reader, box);
        assertEquals(42, probe.next());
    }

    @Test
    void ordering_perSenderFifo_underConcurrency() {
        int senders = 8;
        int perSender = 20_000;
        Probe probe = agner.probe();
        Pid receiver = agner.node().spawn(ctx -> {
            int[] last = new int[senders];
            java.util.Arrays.fill(last, -1);
            for (int i = 0; i < senders * perSender; i++) {
                Seq s = (Seq) ctx.receive();
                if (s.n() != last[s.sender()] + 1) {
                    ctx.send(probe.pid(), "out of order: " + s + " after " + last[s.sender()]);
                    return;
                }
                last[s.sender()] = s.n();
            }
            ctx.send(probe.pid(), "all in order");
        });
        for (int s = 0; s < senders; s++) {
            int sender = s;
            agner.node().spawn(ctx -> {
                for (int n = 0; n < perSender; n++) {
                    ctx.send(receiver, new Seq(sender, n));
                }
            });
        }
        assertEquals("all in order", probe.next());
    }
}
