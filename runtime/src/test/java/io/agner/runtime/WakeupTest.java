package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mailbox's park/unpark protocol: a lost wake-up would hang these (Probe.WAIT fails them),
 * since every receiver parks between messages.
 */
class WakeupTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Ball(Pid from, int n) {}

    @Test
    void pingPong_100000RoundTrips_neverLoseAWakeup() {
        int rounds = 100_000;
        Probe probe = agner.probe();
        Pid ponger = agner.node().spawn(ctx -> {
            while (true) {
                Ball b = (Ball) ctx.receive();
                ctx.send(b.from(), new Ball(ctx.self(), b.n()));
            }
        });
        agner.node().spawn(ctx -> {
            for (int i = 0; i < rounds; i++) {
                ctx.send(ponger, new Ball(ctx.self(), i));
                Ball back = (Ball) ctx.receive();
                if (back.n() != i) {
                    ctx.send(probe.pid(), "wrong ball " + back.n() + " at " + i);
                    return;
                }
            }
            ctx.send(probe.pid(), "done");
        });
        assertEquals("done", probe.next());
    }

    @Test
    void ring_1000Processes_passesTokenAroundManyTimes() {
        int size = 1000;
        int laps = 20;
        Probe probe = agner.probe();
        Pid first = agner.node().spawn(ctx -> {
            Pid next = (Pid) ctx.receive();
            for (int lap = 0; lap < laps; lap++) {
                ctx.send(next, lap);
                ctx.receive();
            }
            ctx.send(probe.pid(), "laps done");
        });
        Pid next = first;
        for (int i = 1; i < size; i++) {
            Pid to = next;
            next = agner.node().spawn(ctx -> {
                while (true) {
                    ctx.send(to, ctx.receive());
                }
            });
        }
        agner.node().send(first, next);
        assertEquals("laps done", probe.next());
    }

    @Test
    void fanIn_manyProducers_receiverTakesEveryMessage() {
        int producers = 16;
        int each = 10_000;
        Probe probe = agner.probe();
        Pid consumer = agner.node().spawn(ctx -> {
            long sum = 0;
            for (int i = 0; i < producers * each; i++) {
                sum += (Integer) ctx.receive();
            }
            ctx.send(probe.pid(), sum);
        });
        for (int p = 0; p < producers; p++) {
            agner.node().spawn(ctx -> {
                for (int i = 1; i <= each; i++) {
                    ctx.send(consumer, i);
                }
            });
        }
        assertEquals((long) producers * each * (each + 1) / 2, probe.next());
    }
}
