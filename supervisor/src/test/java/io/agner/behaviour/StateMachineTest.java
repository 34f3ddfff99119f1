package io.agner.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gen_statem semantics on the door lock, with a manual clock: timeouts fire when the test says. */
class StateMachineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private Pid door;

    @BeforeEach
    void startDoor() {
        door = StateMachines.start(agner.node(), new DoorLock("123"), "door");
    }

    private void press(String digits) {
        for (char c : digits.toCharArray()) {
            GenServers.cast(agner.node(), door, new DoorLock.Button(c));
        }
    }

    @SuppressWarnings("unchecked")
    private StateMachine.Snapshot<DoorLock.State, DoorLock.Data> snapshot() {
        return (StateMachine.Snapshot<DoorLock.State, DoorLock.Data>) Sys.getState(agner.node(), door, WAIT);
    }

    private List<String> log() {
        return snapshot().data().log();
    }

    private void advance(Duration d) {
        agner.clock().advance(d);
    }

    @Test
    void init_entersTheInitialState() {
        assertEquals(List.of("enter LOCKED from LOCKED"), log());
        assertEquals(DoorLock.State.LOCKED, GenServers.call(agner.node(), door, "state?", WAIT));
    }

    @Test
    void rightCode_opensAndStateEnterSeesTheOldState() {
        press("123");
        assertEquals(DoorLock.State.OPEN, snapshot().state());
        assertEquals(List.of("enter LOCKED from LOCKED", "opened", "enter OPEN from LOCKED"), log());
    }

    @Test
    void stateTimeout_relocksAfterTenSeconds() {
        press("123");
        snapshot();
        advance(DoorLock.OPEN_FOR.minusMillis(1));
        assertEquals(DoorLock.State.OPEN, snapshot().state());
        advance(Duration.ofMillis(1));
        assertEquals(DoorLock.State.LOCKED, snapshot().state());
        assertTrue(log().contains("relocked"));
    }

    @Test
    void stateTimeout_survivesSameStateTransitions() {
        press("123");
        snapshot();
        advance(Duration.ofSeconds(6));
        GenServers.cast(agner.node(), door, "noise"); // OPEN -> OPEN
        snapshot();
        advance(Duration.ofSeconds(4)); // 10 s after opening, not 10 s after the noise
        assertEquals(DoorLock.State.LOCKED, snapshot().state());
    }

    @Test
    void eventTimeout_isCancelledByAnyEvent() {
        press("1");
        snapshot();
        advance(Duration.ofSeconds(4));
        GenServers.cast(agner.node(), door, "note"); // an event: cancels the pending forget
        snapshot();
        advance(Duration.ofSeconds(10));
        assertEquals("1", snapshot().data().typed(), "the half-typed code was not forgotten");
    }

    @Test
    void eventTimeout_firesWhenNoEventComes() {
        press("12");
        snapshot();
        advance(DoorLock.FORGET_AFTER);
        assertEquals("", snapshot().data().typed());
        assertTrue(log().contains("forgot 12"), log().toString());
    }

    @Test
    void postpone_retriesTheEventOnlyAfterAStateChange() {
        GenServers.cast(agner.node(), door, "walk");
        press("9"); // LOCKED -> LOCKED: not a state change, walk stays postponed
        assertTrue(log().stream().noneMatch(e -> e.equals("walked through")));
        snapshot();
        advance(DoorLock.FORGET_AFTER); // forget the stray 9 (still LOCKED)
        press("123");
        List<String> log = log();
        assertEquals(List.of("opened", "enter OPEN from LOCKED", "walked through"),
                log.subList(log.indexOf("opened"), log.size()));
    }

    @Test
    void nextEvent_isHandledBeforeQueuedMessages() {
        GenServers.cast(agner.node(), door, "double");
        GenServers.cast(agner.node(), door, "note");
        List<String> log = log();
        assertEquals(List.of("first", "second", "note"), log.subList(1, log.size()));
    }

    @Test
    void genericTimeout_outlivesStateChanges_untilCancelled() {
        press("123");
        snapshot();
        advance(DoorLock.OPEN_FOR); // relocks: a state change
        advance(Duration.ofSeconds(20)); // 30 s after opening
        assertTrue(log().contains("alarm ring"), log().toString());
    }

    @Test
    void genericTimeout_cancelledByName_neverFires() {
        press("123");
        assertEquals("disarmed", GenServers.call(agner.node(), door, "disarm", WAIT));
        advance(Duration.ofMinutes(1));
        assertTrue(log().stream().noneMatch(e -> e.startsWith("alarm")), log().toString());
        assertEquals(0, agner.clock().pending(), "no timer left behind");
    }

    @Test
    void stop_repliesFirstThenTerminates() {
        Probe observer = agner.probe();
        agner.node().register("door-observer", observer.pid());
        observer.run(ctx -> ctx.monitor(door));

        assertEquals("breaking", GenServers.call(agner.node(), door, "break", WAIT));

        assertEquals("terminated broken in LOCKED", observer.next());
        assertEquals(ExitReason.of("broken"), observer.next(Signal.Down.class).reason());
    }

    @Test
    void replaceState_swapsStateAndData() {
        Object replaced = Sys.replaceState(agner.node(), door,
                s -> new StateMachine.Snapshot<>(DoorLock.State.OPEN, ((StateMachine.Snapshot<?, ?>) s).data()), WAIT);
        assertInstanceOf(StateMachine.Snapshot.class, replaced);
        assertEquals(DoorLock.State.OPEN, GenServers.call(agner.node(), door, "state?", WAIT));
    }
}
