package telco.line;

import io.agner.behaviour.StateMachine;
import io.agner.behaviour.StateMachine.Action;
import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.switchdemo.line.api.LineSignal;
import io.agner.switchdemo.line.api.LineState;

import java.util.List;

/**
 * The line module, version 1: a subscriber's line: idle → dial tone → dialling → ring-back / busy /
 * congestion → connected → idle for a caller, idle → ringing → connected → idle for a called
 * party. One process per active line, registered (by itself, in {@code init}) as
 * {@code line-<number>}, under the lines' dynamic supervisor, which starts it through the code
 * server with the start args {@code [number]}.
 *
 * {@snippet :
 * exchange ──Seize──────▶ IDLE        → DIAL_TONE
 * exchange ──Digits─────▶ DIAL_TONE   → DIALING
 * exchange ──RingBack───▶ DIALING     → RING_BACK
 * exchange ──BusyTone───▶ DIALING     → BUSY_TONE
 * exchange ──Congestion─▶ DIALING     → CONGESTION
 * exchange ──Ring───────▶ IDLE        → RINGING
 * exchange ──Connect────▶ RINGING | RING_BACK → CONNECTED
 * exchange ──Release────▶ any         → IDLE
 * exchange ──Deactivate─▶ IDLE        → stops normally (transient: not restarted)
 * call process exits abnormally (a link; the line traps exits) → IDLE: the call is dropped
 * }
 * An idle line waits hibernating: no thread and no stack until the exchange next tells it something.
 * The exchange decides; the line follows, so a signal in an unexpected state still moves it
 * (the line never disagrees with the exchange's event-time decisions). It is the process that
 * holds the subscriber's live state and that faults hit.
 */
public final class Line implements StateMachine<LineState, Line.Data> {

    /**
     * The line's number, the call it is in ({@code -1} when idle), how many calls it has seen, and
     * the number it last dialled ({@code ""} before its first dial).
     */
    public record Data(String number, long callId, long calls, String dialled) {}

    private final String number;

    /** The code server's start: {@code args} is {@code [number]}. */
    public Line(List<Object> args) {
        this((String) args.getFirst());
    }

    public Line(String number) {
        this.number = number;
    }

    @Override
    public Next<LineState, Data> init(ProcessContext ctx) {
        ctx.register(io.agner.switchdemo.line.api.Line.name(number));   // a second start of the same line fails here
        ctx.trapExit(true);
        return idle(new Data(number, -1, 0, ""));
    }

    @Override
    public Result<LineState, Data> handleEvent(ProcessContext ctx, EventType type, Object event, LineState state, Data data) {
        return switch (event) {
            case LineSignal.Seize s -> StateMachine.next(LineState.DIAL_TONE, new Data(number, s.callId(), data.calls() + 1, data.dialled()));
            case LineSignal.Ring r -> StateMachine.next(LineState.RINGING, new Data(number, r.callId(), data.calls() + 1, data.dialled()));
            case LineSignal.Digits d -> StateMachine.next(LineState.DIALING, new Data(number, data.callId(), data.calls(), d.digits()));
            case LineSignal.RingBack r -> StateMachine.next(LineState.RING_BACK, data);
            case LineSignal.BusyTone b -> StateMachine.next(LineState.BUSY_TONE, data);
            case LineSignal.Congestion c -> StateMachine.next(LineState.CONGESTION, data);
            case LineSignal.Connect c -> StateMachine.next(LineState.CONNECTED, data);
            case LineSignal.Release r -> idle(new Data(number, -1, data.calls(), data.dialled()));
            case LineSignal.Deactivate d -> StateMachine.stop(ExitReason.NORMAL, data);
            case LineSignal.Batch b -> StateMachine.next(state, data,
                    b.signals().stream().map(s -> Action.nextEvent(EventType.INFO, s)).toArray(Action[]::new));
            case Signal.Exit(var from, ExitReason reason) when reason.isOrderly() -> stay(state, data);
            case Signal.Exit exit -> idle(new Data(number, -1, data.calls(), data.dialled()));
            default -> stay(state, data);
        };
    }

    /**
     * An idle line waits hibernating ({@link Action#hibernate}): most lines are idle most of the
     * time, and a hibernating process keeps no thread and no stack, only its state machine.
     */
    private static Next<LineState, Data> idle(Data data) {
        return StateMachine.next(LineState.IDLE, data, Action.hibernate());
    }

    private static Next<LineState, Data> stay(LineState state, Data data) {
        return state == LineState.IDLE ? idle(data) : StateMachine.next(state, data);
    }
}
