package telco.line;

import io.agner.behaviour.StateMachine;
import io.agner.behaviour.StateMachines;
import io.agner.behaviour.Sys;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.switchdemo.line.api.LineSignal;
import io.agner.switchdemo.line.api.LineState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One line process driven signal by signal, as the exchange drives it, through every state. */
class LineTest {

    @Test
    void signals_driveOneLineThroughEveryState() {
        try (Node node = Node.start()) {
            Pid line = StateMachines.start(node, new Line(List.of("100001")));
            assertEquals(java.util.Optional.of(line), node.whereis(io.agner.switchdemo.line.api.Line.name("100001")),
                    "the line registers itself");
            Set<LineState> seen = EnumSet.noneOf(LineState.class);
            List<LineState> path = new ArrayList<>();
            step(node, line, null, LineState.IDLE, seen, path);
            // caller: busy, congestion, then a connected call
            step(node, line, new LineSignal.Seize(1), LineState.DIAL_TONE, seen, path);
            step(node, line, new LineSignal.Digits(1, "100002"), LineState.DIALING, seen, path);
            step(node, line, new LineSignal.BusyTone(1), LineState.BUSY_TONE, seen, path);
            step(node, line, new LineSignal.Release(1), LineState.IDLE, seen, path);
            step(node, line, new LineSignal.Seize(2), LineState.DIAL_TONE, seen, path);
            step(node, line, new LineSignal.Digits(2, "100003"), LineState.DIALING, seen, path);
            step(node, line, new LineSignal.Congestion(2), LineState.CONGESTION, seen, path);
            step(node, line, new LineSignal.Release(2), LineState.IDLE, seen, path);
            step(node, line, new LineSignal.Seize(3), LineState.DIAL_TONE, seen, path);
            step(node, line, new LineSignal.Digits(3, "100004"), LineState.DIALING, seen, path);
            step(node, line, new LineSignal.RingBack(3), LineState.RING_BACK, seen, path);
            step(node, line, new LineSignal.Connect(3), LineState.CONNECTED, seen, path);
            step(node, line, new LineSignal.Release(3), LineState.IDLE, seen, path);
            // called party
            step(node, line, new LineSignal.Ring(4), LineState.RINGING, seen, path);
            step(node, line, new LineSignal.Connect(4), LineState.CONNECTED, seen, path);
            step(node, line, new LineSignal.Release(4), LineState.IDLE, seen, path);

            assertEquals(EnumSet.allOf(LineState.class), seen, "path: " + path);
            Line.Data data = (Line.Data) snapshot(node, line).data();
            assertEquals(new Line.Data("100001", -1, 4, "100004"), data);

            node.send(line, new LineSignal.Deactivate(-1));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.info(line).isEmpty());
            assertFalse(node.whereis(io.agner.switchdemo.line.api.Line.name("100001")).isPresent(), "a deactivated line is gone");
        }
    }

    @Test
    void aCrashOfItsCallProcess_putsTheLineBackToIdle() {
        try (Node node = Node.start()) {
            Pid line = StateMachines.start(node, new Line(List.of("100001")));
            node.send(line, new LineSignal.Ring(7));
            node.send(line, new LineSignal.Connect(7));
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(node, line).state() == LineState.CONNECTED);
            Pid call = node.spawn(ctx -> {
                ctx.link(line);
                ctx.receive(m -> false);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> node.info(line).orElseThrow().links().contains(call));
            node.exit(call, ExitReason.KILL);
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(node, line).state() == LineState.IDLE);
            assertEquals(-1L, ((Line.Data) snapshot(node, line).data()).callId());
        }
    }

    @Test
    void aBatch_isHandledSignalBySignal_inOrder_inOneMessage() {
        try (Node node = Node.start()) {
            Pid line = StateMachines.start(node, new Line(List.of("100001")));
            node.send(line, new LineSignal.Batch(List.of(new LineSignal.Seize(9), new LineSignal.Digits(9, "100002"),
                    new LineSignal.RingBack(9))));
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(node, line).state() == LineState.RING_BACK);
            assertEquals(new Line.Data("100001", 9, 1, "100002"), snapshot(node, line).data());

            node.send(line, new LineSignal.Batch(List.of(new LineSignal.Connect(9), new LineSignal.Release(9))));
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(node, line).state() == LineState.IDLE);
            assertEquals(new Line.Data("100001", -1, 1, "100002"), snapshot(node, line).data());
        }
    }

    private static void step(Node node, Pid line, LineSignal signal, LineState expected, Set<LineState> seen, List<LineState> path) {
        if (signal != null) {
            node.send(line, signal);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(node, line).state() == expected);
        seen.add(expected);
        path.add(expected);
    }

    private static StateMachine.Snapshot<?, ?> snapshot(Node node, Pid line) {
        return (StateMachine.Snapshot<?, ?>) Sys.getState(node, line, Duration.ofSeconds(10));
    }
}
