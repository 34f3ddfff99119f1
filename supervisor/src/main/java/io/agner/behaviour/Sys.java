package io.agner.behaviour;

import io.agner.runtime.Node;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * OTP's {@code sys} for agner's behaviours: suspend, resume, inspect and replace state, change
 * code. Each is a synchronous system message: the behaviour's loop answers it between two
 * callbacks, even while suspended, and a bounded mailbox never drops it. Methods taking a
 * {@link ProcessContext} run on that process's thread; those taking a {@link Node}, on any thread.
 *
 * <p>A live upgrade is: {@code suspend} (the process finishes its current message; new ones stay
 * queued, none lost) → {@code changeCode} → {@code resume}.
 *
 * @throws CallException from every method, if the target is not alive or dies meanwhile
 */
public final class Sys {

    private Sys() {}

    /** Suspends: from now on the target serves only system messages; others wait in order. */
    public static void suspend(ProcessContext ctx, Object target, Duration timeout) {
        request(ctx, target, new Protocol.Suspend(), timeout);
    }

    public static void resume(ProcessContext ctx, Object target, Duration timeout) {
        request(ctx, target, new Protocol.Resume(), timeout);
    }

    /** The behaviour's state (a state machine's is its state and data). */
    public static Object getState(ProcessContext ctx, Object target, Duration timeout) {
        return request(ctx, target, new Protocol.GetState(), timeout);
    }

    /**
     * Replaces the state with {@code replace(state)} and returns the new one; if {@code replace}
     * throws, the state stays and its exception is rethrown here.
     */
    public static Object replaceState(ProcessContext ctx, Object target, UnaryOperator<Object> replace, Duration timeout) {
        return request(ctx, target, new Protocol.ReplaceState(replace), timeout);
    }

    /**
     * Switches a suspended behaviour to {@code newCode} (a {@link GenServer} or a
     * {@link StateMachine}), converting its state with {@code newCode.codeChange(oldVersion,
     * state, extra)}. If that throws, the old code and state stay and the exception is rethrown
     * here (a checked one wrapped in an {@link IllegalStateException}; an
     * {@link IllegalStateException} too if the target was not suspended).
     */
    public static void changeCode(ProcessContext ctx, Object target, Object newCode, Object oldVersion, Object extra, Duration timeout) {
        request(ctx, target, new Protocol.ChangeCode(newCode, oldVersion, extra), timeout);
    }

    /**
     * Switches a suspended behaviour to {@code newCode} with {@code newState} computed by the
     * caller (for a state machine, a {@link StateMachine.Snapshot}): the commit step of a code
     * server's upgrade, which computes every process's new state before committing any.
     */
    public static void installCode(ProcessContext ctx, Object target, Object newCode, Object newState, Duration timeout) {
        request(ctx, target, new Protocol.InstallCode(newCode, newState), timeout);
    }

    /** Labels a behaviour with the module version it runs (shown by {@code ProcessInfo.moduleVersion}). */
    public static void setModuleVersion(ProcessContext ctx, Object target, String moduleVersion, Duration timeout) {
        request(ctx, target, new Protocol.SetModuleVersion(moduleVersion), timeout);
    }

    public static void suspend(Node node, Object target, Duration timeout) {
        Caller.outside(node, ctx -> request(ctx, target, new Protocol.Suspend(), timeout));
    }

    public static void resume(Node node, Object target, Duration timeout) {
        Caller.outside(node, ctx -> request(ctx, target, new Protocol.Resume(), timeout));
    }

    public static Object getState(Node node, Object target, Duration timeout) {
        return Caller.outside(node, ctx -> getState(ctx, target, timeout));
    }

    public static Object replaceState(Node node, Object target, UnaryOperator<Object> replace, Duration timeout) {
        return Caller.outside(node, ctx -> replaceState(ctx, target, replace, timeout));
    }

    public static void changeCode(Node node, Object target, Object newCode, Object oldVersion, Object extra, Duration timeout) {
        Caller.outside(node, ctx -> request(ctx, target, new Protocol.ChangeCode(newCode, oldVersion, extra), timeout));
    }

    private static Object request(ProcessContext ctx, Object target, Protocol.SysOp op, Duration timeout) {
        Object answer = Caller.call(ctx, target, op, timeout, from -> new Protocol.SysRequest(from, op));
        if (answer instanceof BehaviourLoop.SysFailure(Throwable cause)) {
            if (cause instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) cause;
        }
        return answer;
    }
}
