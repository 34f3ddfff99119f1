package io.agner.behaviour;

import io.agner.runtime.Caller;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ServerRef;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * OTP's {@code sys} for agner's behaviours: suspend, resume, inspect and replace state, and the
 * two rounds of a live upgrade. Each is a system message: the behaviour's loop answers it between
 * two callbacks, even while suspended, and a bounded mailbox never drops it. Callers as for
 * {@link GenServers}.
 *
 * <p><b>Live upgrades</b> (what a code server does; see {@code io.agner.hotswap.CodeServer}) take
 * one round per process, sent to every process of a module at once, so the suspension lasts as
 * long as the slowest process's, not the sum of all:
 * <ol>
 *   <li>{@link #prepareUpgrade}: each process suspends (it finishes its current message; new
 *       ones stay queued, none lost), converts its state for the new code with the given
 *       {@link StateConverter} — in the process itself, as OTP's {@code code_change} — and holds
 *       the result, answering whether it could;
 *   <li>{@link #commitUpgrade} if every process could: each switches to its new code and state,
 *       and resumes; else {@link #abortUpgrade}: each drops what it held and resumes on its old
 *       code and state.
 * </ol>
 *
 * @throws CallException from every single-target method, if the target is not alive or dies meanwhile
 */
public final class Sys {

    /** Converts a process's state for new code; runs in the process, while it is suspended. */
    @FunctionalInterface
    public interface StateConverter {
        /**
         * @param newCode  the callbacks object the process will run (a {@link GenServer} or a
         *                 {@link StateMachine})
         * @param oldState the state as {@link #getState} shows it (a state machine's is a
         *                 {@link StateMachine.Snapshot})
         * @return the new state, in the same form
         */
        Object convert(Object newCode, Object oldState) throws Exception;
    }

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
     * Round one of an upgrade, sent to every target at once: each suspends, converts its state
     * for {@code newCode.get(pid)} with {@code convert}, holds both and answers. A target whose
     * conversion throws stays suspended (until {@link #abortUpgrade}) and answers
     * {@link Answer.Raised}.
     *
     * @return each target's answer, within {@code timeout} for all, in the order of {@code newCode}
     */
    public static Map<Pid, Answer> prepareUpgrade(Caller caller, Map<Pid, Object> newCode, StateConverter convert, Duration timeout) {
        Map<Pid, Function<From, Object>> requests = new LinkedHashMap<>();
        newCode.forEach((pid, code) -> requests.put(pid, from -> new Protocol.SysRequest(from, new Protocol.PrepareUpgrade(code, convert))));
        return caller.asProcess(ctx -> Calls.callAll(ctx, requests, timeout));
    }

    /**
     * Round two of an upgrade that every target prepared: each switches to the code and state it
     * holds, is labelled {@code moduleVersion} and resumes.
     */
    public static Map<Pid, Answer> commitUpgrade(Caller caller, Collection<Pid> targets, String moduleVersion, Duration timeout) {
        return all(caller, targets, new Protocol.CommitUpgrade(moduleVersion), timeout);
    }

    /** Round two of an upgrade that not every target prepared: each drops what it holds and resumes on its old code. */
    public static Map<Pid, Answer> abortUpgrade(Caller caller, Collection<Pid> targets, Duration timeout) {
        return all(caller, targets, new Protocol.AbortUpgrade(), timeout);
    }

    private static Map<Pid, Answer> all(Caller caller, Collection<Pid> targets, Protocol.SysOp op, Duration timeout) {
        Map<Pid, Function<From, Object>> requests = new LinkedHashMap<>();
        targets.forEach(pid -> requests.put(pid, from -> new Protocol.SysRequest(from, op)));
        return caller.asProcess(ctx -> Calls.callAll(ctx, requests, timeout));
    }

    private static Object request(Caller caller, ServerRef target, Protocol.SysOp op, Duration timeout) {
        return caller.asProcess((ProcessContext ctx) -> Calls.call(ctx, target, op, timeout, from -> new Protocol.SysRequest(from, op)));
    }
}
