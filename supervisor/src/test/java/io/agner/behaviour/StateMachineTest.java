package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        assertEquals(1, count(log(), "postponed walk"), "a same-state transition does not retry it");
        advance(DoorLock.FORGET_AFTER); // forget the stray 9: LOCKED -> LOCKED again
        assertEquals(1, count(log(), "postponed walk"), "nor does a timeout's same-state transition");
        assertFalse(log().contains("walked through"));

        press("12");
        Sys.suspend(agner.node(), door, WAIT); // queue the opening digit and a newer event together
        press("3");
        GenServers.cast(agner.node(), door, "noise");
        Sys.resume(agner.node(), door, WAIT);

        List<String> log = log();
        assertEquals(List.of("opened", "enter OPEN from LOCKED", "walked through", "ignored noise"),
                log.subList(log.indexOf("opened"), log.size()), "the postponed event goes before the newer one");
        assertEquals(1, count(log, "postponed walk"));
    }

    private static long count(List<String> log, String entry) {
        return log.stream().filter(entry::equals).count();
    }

    @Test
    void stateTimeout_cancelledByStateChange() {
        press("123");
        GenServers.cast(agner.node(), door, "lock"); // OPEN -> LOCKED before the relock is due
        assertEquals(DoorLock.State.LOCKED, snapshot().state());
        assertEquals(1, agner.clock().pending(), "only the alarm's timer is left; the state timer was cancelled");

        advance(DoorLock.OPEN_FOR.plusSeconds(1));

        List<String> log = log();
        assertTrue(log.contains("locked by hand"), log.toString());
        assertFalse(log.contains("relocked"), log.toString());
        assertFalse(log.contains("state timeout in LOCKED"), log.toString());
    }

    @Test
    void info_arrivesAsInfoEvent() {
        agner.node().send(door, "hello");
        GenServers.cast(agner.node(), door, "note");

        assertEquals(List.of("enter LOCKED from LOCKED", "info hello", "note"), log(), "a cast is not an info event");
    }

    @Test
    void suspend_queuesEventsInOrder_servedAfterResume() {
        Sys.suspend(agner.node(), door, WAIT);
        GenServers.cast(agner.node(), door, "note");
        agner.node().send(door, "hello");
        press("1");

        assertEquals(List.of("enter LOCKED from LOCKED"), log(), "suspended: system messages only");
        assertEquals("", snapshot().data().typed());

        Sys.resume(agner.node(), door, WAIT);

        assertEquals(List.of("enter LOCKED from LOCKED", "note", "info hello"), log());
        assertEquals("1", snapshot().data().typed());
    }

    @Test
    void upgrade_commitsTheConvertedStateAndData() {
        press("1");
        Answer prepared = Sys.prepareUpgrade(agner.node(), java.util.List.of(door), WAIT).get(door);
        StateMachine.Snapshot<?, ?> old = (StateMachine.Snapshot<?, ?>) ((Answer.Value) prepared).value();
        DoorLock next = new DoorLock("456");
        Object converted = assertDoesNotThrow(() -> next.codeChange("v1", old.state(), old.data(), "new code"));
        Sys.commitUpgrade(agner.node(), java.util.Map.of(door, new Sys.NewCode(next, converted)), "door@2", WAIT);

        StateMachine.Snapshot<DoorLock.State, DoorLock.Data> after = snapshot();
        assertEquals("456", after.data().code(), "codeChange's converted data is installed");
        assertEquals("1", after.data().typed(), "and carried over what it was given");
        assertEquals("code change from v1 (new code)", after.data().log().getLast());

        advance(DoorLock.FORGET_AFTER); // forget the 1
        press("123");
        assertEquals(DoorLock.State.LOCKED, snapshot().state(), "the old code no longer opens");
        advance(DoorLock.FORGET_AFTER);
        press("456");
        assertEquals(DoorLock.State.OPEN, snapshot().state());
    }

    @Test
    void terminate_onParentExit() {
        Probe observer = agner.probe();
        agner.node().register("door-observer", observer.pid());
        Pid parent = agner.node().spawn(ctx -> {
            ctx.send(observer.pid(), StateMachines.startLink(ctx, new DoorLock("123", true)));
            ctx.receive(m -> false);
        });
        Pid trapping = observer.next(Pid.class);
        observer.run(ctx -> ctx.monitor(trapping));

        agner.node().exit(parent, ExitReason.SHUTDOWN);

        assertEquals("terminated shutdown in LOCKED", observer.next());
        assertEquals(ExitReason.SHUTDOWN, observer.next(Signal.Down.class).reason());
    }

    /** Tells {@code observer} its pid, then fails. */
    record BrokenInit(Pid observer) implements StateMachine<String, String> {
        @Override
        public Next<String, String> init(ProcessContext ctx) {
            ctx.send(observer, ctx.self());
            throw new IllegalStateException("no hardware");
        }

        @Override
        public Result<String, String> handleEvent(ProcessContext ctx, EventType type, Object event, String state, String data) {
            return StateMachine.next(state, data);
        }
    }

    @Test
    void initFails_startThrowsStartException() {
        Probe observer = agner.probe();

        StartException e = assertThrows(StartException.class,
                () -> StateMachines.start(agner.node(), new BrokenInit(observer.pid()), "broken"));

        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, e.reason());
        assertEquals("no hardware", error.cause().getMessage());
        assertTrue(e.getMessage().contains("no hardware"), e.getMessage());
        Pid machine = observer.next(Pid.class);
        await().until(() -> !agner.node().isAlive(machine));
        assertEquals(Optional.empty(), agner.node().whereis("broken"), "its name is released");
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
