package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Node#trace}: what a tracer sees of a traced process, in order, and where it stops. */
class TraceTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    record Ping(Pid from, int n) {}

    record Pong(int n) {}

    /** Answers every Ping with a Pong; exits on "stop". */
    static final ProcessBody PONGER = ctx -> {
        while (true) {
            Object m = ctx.receive();
            if (m instanceof Ping(Pid from, int n)) {
                ctx.send(from, new Pong(n));
            } else if ("stop".equals(m)) {
                return;
            }
        }
    };

    /** Pings {@code ponger} {@code times} times from {@code probe}, waiting for each Pong. */
    private static void pingPong(Probe probe, Pid ponger, int from, int times) {
        for (int i = from; i < from + times; i++) {
            int n = i;
            probe.run(ctx -> ctx.send(ponger, new Ping(ctx.self(), n)));
            assertEquals(new Pong(n), probe.next(Pong.class));
        }
    }

    /** The trace messages a tracer probe got, up to and including Stopped. */
    private static List<Trace> traceUntilStopped(Probe tracer) {
        List<Trace> events = new ArrayList<>();
        while (true) {
            Trace t = tracer.next(Trace.class);
            events.add(t);
            if (t instanceof Trace.Stopped) {
                return events;
            }
        }
    }

    @Test
    void trace_receivesAndSends_inOrder_thenStopsAtMaxEvents() {
        Node node = agner.node();
        Probe tracer = agner.probe();
        Probe client = agner.probe();
        Pid ponger = node.spawn(PONGER);

        assertTrue(node.trace(ponger, TraceOptions.to(tracer.pid()).withMaxEvents(5)));
        pingPong(client, ponger, 0, 4);

        List<Trace> events = traceUntilStopped(tracer);
        assertEquals(6, events.size(), events::toString);
        assertEquals(new Trace.Receive(0, ponger, new Ping(client.pid(), 0)), events.get(0));
        assertEquals(new Trace.Send(0, ponger, client.pid(), new Pong(0)), events.get(1));
        assertEquals(new Trace.Receive(0, ponger, new Ping(client.pid(), 1)), events.get(2));
        assertEquals(new Trace.Send(0, ponger, client.pid(), new Pong(1)), events.get(3));
        assertEquals(new Trace.Receive(0, ponger, new Ping(client.pid(), 2)), events.get(4));
        assertEquals(new Trace.Stopped(0, ponger, "max 5 events"), events.get(5));

        pingPong(client, ponger, 4, 3);
        client.sync();
        tracer.sync();
        assertEquals(List.of(), tracer.drain(), "nothing after Stopped");
        assertFalse(node.untrace(ponger), "tracing turned itself off");
    }

    @Test
    void trace_fasterThanTheRate_stops_andRefillsWithTime() {
        Node node = agner.node();
        Probe tracer = agner.probe();
        Probe client = agner.probe();
        Pid ponger = node.spawn(PONGER);

        node.trace(ponger, TraceOptions.to(tracer.pid()).withPerSecond(4));
        pingPong(client, ponger, 0, 2); // 4 events: the bucket is empty now
        agner.clock().advance(Duration.ofMillis(500)); // two tokens back
        pingPong(client, ponger, 2, 2); // 2 events, then the third finds it empty

        List<Trace> events = traceUntilStopped(tracer);
        assertEquals(7, events.size(), events::toString);
        assertEquals(new Trace.Receive(500_000_000L, ponger, new Ping(client.pid(), 2)), events.get(4));
        assertEquals(new Trace.Send(500_000_000L, ponger, client.pid(), new Pong(2)), events.get(5));
        assertEquals(new Trace.Stopped(500_000_000L, ponger, "rate above 4/s"), events.get(6));
    }

    @Test
    void trace_exit_isTheLastEvent_beforeStopped() {
        Node node = agner.node();
        Probe tracer = agner.probe();
        Pid ponger = node.spawn(PONGER);
        node.trace(ponger, TraceOptions.to(tracer.pid()));

        node.send(ponger, "stop");

        assertEquals(List.of(new Trace.Receive(0, ponger, "stop"), new Trace.Exit(0, ponger, ExitReason.NORMAL),
                new Trace.Stopped(0, ponger, "exited")), traceUntilStopped(tracer));
    }

    @Test
    void untrace_stopsIt_andNoTraceWithoutTrace() {
        Node node = agner.node();
        Probe tracer = agner.probe();
        Probe client = agner.probe();
        Pid ponger = node.spawn(PONGER);
        pingPong(client, ponger, 0, 2);

        node.trace(ponger, TraceOptions.to(tracer.pid()));
        assertTrue(node.untrace(ponger));
        assertEquals(new Trace.Stopped(0, ponger, "untraced"), tracer.next(Trace.class));
        pingPong(client, ponger, 2, 2);
        node.send(ponger, "stop");
        client.run(ctx -> ctx.monitor(ponger));
        assertInstanceOf(Signal.Down.class, client.next(Signal.Down.class));
        tracer.sync();
        assertEquals(List.of(), tracer.drain(), "an untraced process sends its tracer nothing");
    }

    @Test
    void tracerExits_turnsTracingOff() {
        Node node = agner.node();
        Pid ponger = node.spawn(PONGER);
        Pid tracer = node.spawn(ctx -> ctx.receive());
        node.trace(ponger, TraceOptions.to(tracer));

        node.send(tracer, "go");

        Probe watcher = agner.probe();
        watcher.run(ctx -> ctx.monitor(tracer));
        watcher.next(Signal.Down.class);
        assertFalse(node.untrace(ponger), "its tracer's exit turned the trace off");
    }

    @Test
    void newTracer_replacesTheOld() {
        Node node = agner.node();
        Probe first = agner.probe();
        Probe second = agner.probe();
        Pid ponger = node.spawn(PONGER);
        node.trace(ponger, TraceOptions.to(first.pid()));

        node.trace(ponger, TraceOptions.to(second.pid()));
        node.send(ponger, "stop");

        assertEquals(List.of(new Trace.Stopped(0, ponger, "another tracer took over")), traceUntilStopped(first));
        assertEquals(3, traceUntilStopped(second).size());
    }

    @Test
    void trace_refusesItselfAndDeadTracers_andIgnoresDeadProcesses() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid ponger = node.spawn(PONGER);
        assertThrows(IllegalArgumentException.class, () -> node.trace(ponger, TraceOptions.to(ponger)));
        assertThrows(IllegalArgumentException.class, () -> node.trace(ponger, TraceOptions.to(node.systemPid())));
        assertThrows(IllegalArgumentException.class, () -> TraceOptions.to(ponger).withMaxEvents(0));

        node.send(ponger, "stop");
        probe.run(ctx -> ctx.monitor(ponger));
        probe.next(Signal.Down.class);
        assertFalse(node.trace(ponger, TraceOptions.to(probe.pid())));
    }
}
