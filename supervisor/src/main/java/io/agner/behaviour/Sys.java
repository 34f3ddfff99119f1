package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.Caller;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ServerRef;
import io.agner.runtime.TraceOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * OTP's {@code sys} for agner's behaviours: suspend, resume, inspect and replace state, and the
 * two rounds of a live upgrade. Each is a system message: the behaviour's loop answers it between
 * two callbacks, even while suspended, and a bounded mailbox never drops it. Callers as for
 * {@link GenServers}.
 *
 * <p><b>Live upgrades</b> (what a code server does; see {@code io.agner.hotswap.CodeServer}) take
 * one round trip per process and phase, sent to every process of a module at once, so the
 * suspension lasts as long as the slowest process's, not the sum of all:
 * <ol>
 *   <li>{@link #prepareUpgrade}: each process suspends (it finishes its current message; new
 *       ones stay queued, none lost) and hands over its state;
 *   <li>the code server converts every state for the new code (bounded in time, off the
 *       processes, so a {@code codeChange} that blocks cannot wedge one);
 *   <li>{@link #commitUpgrade} if every conversion succeeded: each process switches to its new
 *       code and state, is labelled with the new version and resumes; else
 *       {@link #abortUpgrade}: each resumes on its old code and state.
 * </ol>
 *
 * @throws CallException from every single-target method, if the target is not alive or dies meanwhile
 */
public final class Sys {

    /**
     * What a process switches to when an upgrade commits.
     *
     * @param code  its new callbacks object (a {@link GenServer} or a {@link StateMachine})
     * @param state its new state, as {@link #getState} shows states (a state machine's is a
     *              {@link StateMachine.Snapshot})
     */
    public record NewCode(Object code, Object state) {}

    private Sys() {}

    /** Suspends: from now on the target serves only system messages; others wait in order. */
    public static void suspend(Caller caller, ServerRef target, Duration timeout) {
        request(caller, target, new Protocol.Suspend(), timeout);
    }

    public static void resume(Caller caller, ServerRef target, Duration timeout) {
        request(caller, target, new Protocol.Resume(), timeout);
    }

    /** The behaviour's state (a state machine's is a {@link StateMachine.Snapshot} of its state and data). */
    public static Object getState(Caller caller, ServerRef target, Duration timeout) {
        return request(caller, target, new Protocol.GetState(), timeout);
    }

    /**
     * Replaces the state with {@code replace(state)} and returns the new one; if {@code replace}
     * throws, the state stays and its exception is rethrown here.
     */
    public static Object replaceState(Caller caller, ServerRef target, UnaryOperator<Object> replace, Duration timeout) {
        return request(caller, target, new Protocol.ReplaceState(replace), timeout);
    }

    /** Labels a behaviour with the module version it runs (shown by {@code ProcessInfo.moduleVersion}). */
    public static void setModuleVersion(Caller caller, ServerRef target, String moduleVersion, Duration timeout) {
        request(caller, target, new Protocol.SetModuleVersion(moduleVersion), timeout);
    }

    /**
     * As {@link #setModuleVersion}, without waiting: the label is queued as a sys request, so the
     * target takes it before any sys request (an upgrade's) sent after this returns; nothing comes
     * back, and a target that is gone is ignored.
     */
    public static void sendModuleVersion(ProcessContext ctx, Pid target, String moduleVersion) {
        Alias unanswered = ctx.alias();          // its answer goes nowhere: dropped
        ctx.unalias(unanswered);
        ctx.send(target, new Protocol.SysRequest(new From(unanswered), new Protocol.SetModuleVersion(moduleVersion)));
    }

    /**
     * Phase one of an upgrade, sent to every target at once: each suspends and answers its state
     * ({@link Answer.Value}, as {@link #getState} shows it).
     *
     * @return each target's answer, within {@code timeout} for all, in the order of {@code targets}
     */
    public static Map<Pid, Answer> prepareUpgrade(Caller caller, Collection<Pid> targets, Duration timeout) {
        return prepareUpgrade(caller, targets, timeout, (pid, answer) -> {});
    }

    /**
     * {@link #prepareUpgrade(Caller, Collection, Duration)} that also hands each answer to
     * {@code onEach} as soon as it arrives, on the caller's thread (so a code server can start
     * converting a state while other processes are still preparing).
     */
    public static Map<Pid, Answer> prepareUpgrade(Caller caller, Collection<Pid> targets, Duration timeout,
                                                  BiConsumer<Pid, Answer> onEach) {
        return all(caller, targets, pid -> new Protocol.PrepareUpgrade(), timeout, onEach);
    }

    /**
     * Phase three of an upgrade every target prepared for: each switches to its {@link NewCode},
     * is labelled {@code moduleVersion}, resumes and answers how long it was suspended (a
     * {@link Duration}, measured by the process from the prepare to the commit). A target that
     * was not prepared, or whose new code does not fit its behaviour, answers
     * {@link Answer.Raised} and stays as it was.
     */
    public static Map<Pid, Answer> commitUpgrade(Caller caller, Map<Pid, NewCode> newCode, String moduleVersion, Duration timeout) {
        return all(caller, newCode.keySet(), pid -> new Protocol.CommitUpgrade(newCode.get(pid), moduleVersion), timeout);
    }

    /**
     * Phase three of an upgrade that failed: each target resumes on its old code and state and
     * answers how long it was suspended (a {@link Duration}; zero if it was not prepared).
     */
    public static Map<Pid, Answer> abortUpgrade(Caller caller, Collection<Pid> targets, Duration timeout) {
        return all(caller, targets, pid -> new Protocol.AbortUpgrade(), timeout);
    }

    /**
     * OTP's {@code sys:trace(Name, true | false)}. OTP's prints the behaviour's events on the
     * console, from the traced process; agner's turns on process tracing ({@link Node#trace})
     * with the calling process as tracer and the default budget ({@link TraceOptions}), so the
     * caller receives {@link io.agner.runtime.Trace} messages for the target's messages in and
     * out and its exit, until the budget is spent ({@code Trace.Stopped} comes last). Works for
     * any process, not only behaviours. {@code on == false} turns tracing off, whoever traces.
     *
     * @throws CallException if the target is not alive (reason {@code noproc})
     */
    public static void trace(ProcessContext tracer, ServerRef target, boolean on) {
        if (on) {
            trace(tracer, target, TraceOptions.to(tracer.self()));
        } else {
            tracer.node().untrace(alive(tracer.node(), target));
        }
    }

    /** As {@link #trace(ProcessContext, ServerRef, boolean)} turning it on, with a tracer and budget of one's own. */
    public static void trace(Caller caller, ServerRef target, TraceOptions options) {
        Node node = caller.node();
        if (!node.trace(alive(node, target), options)) {
            throw new CallException(target, "trace", ExitReason.NOPROC);
        }
    }

    private static Pid alive(Node node, ServerRef target) {
        return target.resolve(node).orElseThrow(() -> new CallException(target, "trace", ExitReason.NOPROC));
    }

    private static Map<Pid, Answer> all(Caller caller, Collection<Pid> targets, Function<Pid, Protocol.SysOp> op, Duration timeout) {
        return all(caller, targets, op, timeout, (pid, answer) -> {});
    }

    /** Sends {@code op(pid)} to every target at once and collects the answers ({@link Calls#callAll}). */
    private static Map<Pid, Answer> all(Caller caller, Collection<Pid> targets, Function<Pid, Protocol.SysOp> op, Duration timeout,
                                        BiConsumer<Pid, Answer> onEach) {
        Map<Pid, Function<From, Object>> requests = new LinkedHashMap<>();
        targets.forEach(pid -> requests.put(pid, from -> new Protocol.SysRequest(from, op.apply(pid))));
        return caller.asProcess(ctx -> Calls.callAll(ctx, requests, timeout, onEach));
    }

    private static Object request(Caller caller, ServerRef target, Protocol.SysOp op, Duration timeout) {
        return caller.asProcess((ProcessContext ctx) -> Calls.call(ctx, target, op, timeout, from -> new Protocol.SysRequest(from, op)));
    }
}
