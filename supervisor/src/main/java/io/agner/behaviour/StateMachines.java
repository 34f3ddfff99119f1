package io.agner.behaviour;

import io.agner.runtime.Caller;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.util.Objects;

/**
 * Starts {@link StateMachine}s. Calls, casts, stop and {@link Sys} are the same as a
 * {@link GenServer}'s: use {@link GenServers#call}, {@link GenServers#cast} and
 * {@link GenServers#stop}. Threads as for {@link GenServers}.
 */
public final class StateMachines {

    private StateMachines() {}

    /** Starts an unlinked machine; returns once {@code init} has run. */
    public static <S, D> Pid start(Caller caller, StateMachine<S, D> machine) {
        return caller.asProcess(ctx -> start(ctx, machine, null, false));
    }

    /** Starts an unlinked machine registered as {@code name}. */
    public static <S, D> Pid start(Caller caller, StateMachine<S, D> machine, String name) {
        return caller.asProcess(ctx -> start(ctx, machine, name, false));
    }

    /** Starts a machine linked to the caller, its parent; see {@link GenServers#startLink}. */
    public static <S, D> Pid startLink(ProcessContext ctx, StateMachine<S, D> machine) {
        return start(ctx, machine, null, true);
    }

    public static <S, D> Pid startLink(ProcessContext ctx, StateMachine<S, D> machine, String name) {
        return start(ctx, machine, name, true);
    }

    private static <S, D> Pid start(ProcessContext ctx, StateMachine<S, D> machine, String name, boolean link) {
        Objects.requireNonNull(machine, "machine");
        return GenServers.startBehaviour(ctx, machine.getClass().getName(), name, link,
                (parent, starter) -> new StateMachineLoop<>(machine, parent, starter));
    }
}
