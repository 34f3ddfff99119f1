package io.agner.switchdemo.call;

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
import java.util.function.LongConsumer;

import static io.agner.switchdemo.call.Exchange.callsName;

/**
 * The exchange's call processes: one per call with a seized trunk, under the {@code calls}
 * supervisor (temporary children: a dropped call is not redialled). The exchange monitors each, so
 * that a crash drops the call. Confined to the exchange process, whose context it uses.
 */
final class CallTable {

    private record Running(Pid pid, Ref monitor) {}

    private final ProcessContext ctx;
    private final int area;
    private final Map<Long, Running> byCall = new HashMap<>();
    private final Map<Ref, Long> byMonitor = new HashMap<>();
    private long crashes;

    CallTable(ProcessContext ctx, int area) {
        this.ctx = ctx;
        this.area = area;
    }

    /** Starts the call's process, linked to its two lines' processes, and monitors it. */
    void start(long callId, Pid callerPid, Pid calleePid) {
        Pid pid = Supervisor.startChild(ctx, ServerRef.named(callsName(area)), List.of(callId, callerPid, calleePid)).orElseThrow();
        Ref monitor = ctx.monitor(pid);
        byCall.put(callId, new Running(pid, monitor));
        byMonitor.put(monitor, callId);
    }

    /** The call is over: its process exits normally. */
    void clear(long callId) {
        Running call = forget(callId);
        if (call != null) {
            ctx.send(call.pid, CallProcess.CLEAR);
        }
    }

    /** The call is dropped: its process is killed. */
    void kill(long callId) {
        Running call = forget(callId);
        if (call != null) {
            ctx.exit(call.pid, ExitReason.KILL);
        }
    }

    private Running forget(long callId) {
        Running call = byCall.remove(callId);
        if (call != null) {
            byMonitor.remove(call.monitor);
            ctx.demonitor(call.monitor, true);
        }
        return call;
    }

    /**
     * Whether the call's process has died though its Down is not handled yet; asked at the
     * caller's on-hook, just before the call is cleared or dropped, so it stops monitoring the
     * process either way. A dead one is forgotten here: its Down, when it comes, is not counted.
     */
    boolean diedUnnoticed(long callId) {
        Running call = byCall.get(callId);
        if (call == null || ctx.demonitor(call.monitor)) {
            return false;
        }
        byCall.remove(callId);
        byMonitor.remove(call.monitor);
        return true;
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

    /** Call processes seen to exit abnormally, by this table (one exchange process's life). */
    long crashes() {
        return crashes;
    }
}
