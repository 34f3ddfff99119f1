package io.agner.switchdemo.call;

import io.agner.behaviour.RequestIds;
import io.agner.runtime.ServerRef;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import io.agner.supervisor.Supervisor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

import static io.agner.switchdemo.call.Exchange.callsName;

/**
 * The exchange's call processes: one per call with a seized trunk, under the {@code calls}
 * supervisor (temporary children: a dropped call is not redialled). The exchange monitors each, so
 * that a crash drops the call. Confined to the exchange process, whose context it uses.
 *
 * <p><b>Never waiting for a start.</b> A call's process is asked of the supervisor with
 * {@link Supervisor#sendStartChild} once both its lines' processes are known (see
 * {@link LineTable#withPid}); its pid arrives later through {@link #onMessage}. A call cleared or
 * dropped before then is remembered, and its process is cleared or killed as soon as it exists (or
 * never started, if its start was not asked yet); until its pid is known its process counts as
 * alive. At most {@link LineTable#MAX_STARTING} starts are under way at once.
 */
final class CallTable {

    /** What became of a call whose process is not known yet; null while it is wanted. */
    private enum End { CLEARED, KILLED }

    private static final class Call {
        final long id;
        Pid pid;                 // null until its start is answered
        Ref monitor;             // null once no longer monitored
        End ended;               // set when the call is over before its pid is known

        Call(long id) {
            this.id = id;
        }
    }

    private final ProcessContext ctx;
    private final int area;
    private final Map<Long, Call> byCall = new HashMap<>();
    private final Map<Ref, Long> byMonitor = new HashMap<>();
    private final RequestIds<Call> starting = new RequestIds<>();
    private long crashes;

    CallTable(ProcessContext ctx, int area) {
        this.ctx = ctx;
        this.area = area;
    }

    /** Starts the call's process, linked to its two lines' processes, and monitors it; without waiting. */
    void start(long callId, String caller, String callee, LineTable lines) {
        Call call = new Call(callId);
        byCall.put(callId, call);
        lines.withPid(caller, callerPid -> lines.withPid(callee, calleePid -> {
            if (call.ended == null) {
                while (starting.size() >= LineTable.MAX_STARTING) {     // the supervisor is behind: let it catch up
                    onMessage(ctx.receive(starting::answeredBy));
                }
                starting.add(Supervisor.sendStartChild(ctx, ServerRef.named(callsName(area)),
                        List.of(callId, callerPid, calleePid)), call);
            }
        }));
    }

    /**
     * Handles {@code message} if it answers a call's start: the call's process is monitored, or
     * ended at once if the call is over already. Returns false for any other message.
     *
     * @throws IllegalStateException if a call's process could not be started (as a synchronous
     *                               start would: the calls supervisor is gone)
     */
    boolean onMessage(Object message) {
        var answer = starting.check(ctx, message).orElse(null);
        if (answer == null) {
            return false;
        }
        Call call = answer.label();
        Pid pid;
        try {
            pid = ((Optional<?>) answer.get()).map(Pid.class::cast).orElseThrow();
        } catch (RuntimeException failed) {
            throw new IllegalStateException("the process of call " + call.id + " did not start: " + failed.getMessage(), failed);
        }
        if (call.ended == End.CLEARED) {
            ctx.send(pid, CallProcess.CLEAR);
        } else if (call.ended == End.KILLED) {
            ctx.exit(pid, ExitReason.KILL);
        } else {
            call.pid = pid;
            call.monitor = ctx.monitor(pid);
            byMonitor.put(call.monitor, call.id);
        }
        return true;
    }

    /** The call is over: its process exits normally. */
    void clear(long callId) {
        end(callId, End.CLEARED);
    }

    /** The call is dropped: its process is killed. */
    void kill(long callId) {
        end(callId, End.KILLED);
    }

    private void end(long callId, End how) {
        Call call = byCall.remove(callId);
        if (call == null) {
            return;
        }
        if (call.pid == null) {
            call.ended = how;                        // acted on when its start is answered
            return;
        }
        if (call.monitor != null) {
            byMonitor.remove(call.monitor);
            ctx.demonitor(call.monitor, true);
        }
        if (how == End.CLEARED) {
            ctx.send(call.pid, CallProcess.CLEAR);
        } else {
            ctx.exit(call.pid, ExitReason.KILL);
        }
    }

    /**
     * Whether the call's process has died though its Down is not handled yet; asked at the
     * caller's on-hook, just before the call is cleared or dropped, so it stops monitoring the
     * process either way. A dead one is forgotten here: its Down, when it comes, is not counted.
     * A process whose start is not answered yet has not died, as far as the exchange knows.
     */
    boolean diedUnnoticed(long callId) {
        Call call = byCall.get(callId);
        if (call == null || call.pid == null || call.monitor == null) {
            return false;
        }
        boolean alive = ctx.demonitor(call.monitor);     // held: not fired, so no Down to flush either
        byMonitor.remove(call.monitor);
        call.monitor = null;
        if (!alive) {
            byCall.remove(callId);
        }
        return !alive;
    }

    /**
     * Handles {@code down} if it is a call process's: returns false when it is not. A call whose
     * process crashed is told to {@code crashed}.
     */
    boolean onDown(Signal.Down down, LongConsumer crashed) {
        Long callId = byMonitor.remove(down.ref());
        if (callId == null) {
            return false;
        }
        byCall.remove(callId);
        if (!down.reason().isOrderly()) {
            crashes++;
            crashed.accept(callId);
        }
        return true;
    }

    /**
     * A restarted exchange (its line and call supervisors kept running) first stops the call
     * processes of its previous life: their calls are restored from the checkpoint with new ones.
     */
    void stopOrphans() {
        for (var child : Supervisor.whichChildren(ctx, ServerRef.named(callsName(area)))) {
            child.pid().ifPresent(pid -> Supervisor.terminateChild(ctx, ServerRef.named(callsName(area)), pid));
        }
    }

    /** Call starts asked and not answered yet. */
    int starting() {
        return starting.size();
    }

    /** Call processes seen to exit abnormally, by this table (one exchange process's life). */
    long crashes() {
        return crashes;
    }
}
