package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The callback side of a generic server (OTP's {@code gen_server}); its callbacks run one at a
 * time on the server's own process, so the state needs no locking.
 *
 * {@snippet :
 * GenServers.start / startLink ──▶ init(ctx)                              → state
 * GenServers.call              ──▶ handleCall(ctx, request, from, state)  → Reply | NoReply | Stop
 * GenServers.cast              ──▶ handleCast(ctx, request, state)        → NoReply | Stop
 * any other message            ──▶ handleInfo(ctx, message, state)        → NoReply | Stop
 * a live upgrade (CodeServer)   ──▶ codeChange(oldVersion, oldStateView, extra) → state
 * exit                         ──▶ terminate(ctx, reason, state)
 * }
 *
 * <p>Callbacks return the next state; states should be immutable records. {@code init} fails the
 * start by throwing (reason {@code error}) or by {@code ctx.exit(reason)}. A callback that throws
 * crashes the server: {@code terminate} runs with the error, then the process exits with it.
 * {@code terminate} also runs on a {@link Stop} result and, when the server traps exits, on any
 * exit signal from its parent; it does not run when {@code init} fails or on an untrapped signal
 * such as {@code kill}.
 *
 * <p>Java twist: OTP's {@code noreply} from {@code handleCall} is {@link NoReply}, after which
 * the server must answer later with {@link GenServers#reply(From, Object)}.
 *
 * @param <S> the server's state
 */
public interface GenServer<S> {

    /** Builds the initial state. Runs in the new process before its starter returns. */
    S init(ProcessContext ctx) throws Exception;

    /** A call; the default crashes the server, as a missing function clause would. */
    default Result<S> handleCall(ProcessContext ctx, Object request, From from, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle calls, got " + request);
    }

    /** A cast; the default crashes the server. */
    default Result<S> handleCast(ProcessContext ctx, Object request, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle casts, got " + request);
    }

    /** Any other message (including {@code Exit} and {@code Down} signals); the default logs it and carries on, as OTP does. */
    default Result<S> handleInfo(ProcessContext ctx, Object message, S state) throws Exception {
        LoggerFactory.getLogger(getClass()).warn("{} {} ignored an unexpected message: {}", getClass().getName(), ctx.self(), message);
        return new NoReply<>(state);
    }

    /** Cleans up before the process exits; the default does nothing. */
    default void terminate(ProcessContext ctx, ExitReason reason, S state) throws Exception {}

    /**
     * Converts the state of an older version of this server's code during a live upgrade. This is
     * how it runs: {@code io.agner.hotswap.CodeServer} loads the new version, creates a fresh
     * instance of its entry class for each process, and calls this method on that instance, in
     * the process itself, while the process is suspended (round one of {@link Sys}'s upgrade).
     * {@code oldState} is a by-name view of the old version's state, never an object of the old
     * version's classes: a record is a {@code Map} from component name to value, an enum its
     * constant's name, JDK values and collections themselves (see
     * {@code io.agner.hotswap.StateView}). {@code oldVersion} is the old version's label, such as
     * {@code "1"}; {@code extra} is what {@code CodeServer.load} was given. If this throws, or any
     * process of the module fails its conversion, no process changes code.
     *
     * <p>When a server does not override it, the code server builds the new state from the view
     * by name (components the old state lacked get their type's default). This default
     * implementation, used only outside a code server, keeps the state as it is.
     */
    @SuppressWarnings("unchecked")
    default S codeChange(Object oldVersion, Object oldState, Object extra) throws Exception {
        return (S) oldState;
    }

    // ---- results -----------------------------------------------------------------------------

    /** What a callback returns: the next state and what to do. */
    sealed interface Result<S> permits Reply, NoReply, Stop {
        S state();
    }

    /** Answer the call with {@code value}. Only from {@code handleCall}. */
    record Reply<S>(Object value, S state) implements Result<S> {}

    /** Carry on without answering (from {@code handleCall}: answer later via {@link GenServers#reply}). */
    record NoReply<S>(S state) implements Result<S> {}

    /**
     * Stop with {@code reason}: answer the call with {@code reply} first if not null, run
     * {@code terminate}, then exit.
     */
    record Stop<S>(ExitReason reason, Object reply, S state) implements Result<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <S> Result<S> reply(Object value, S state) {
        return new Reply<>(value, state);
    }

    /**
     * Answer the call by throwing {@code error} in the caller: its {@code GenServers.call}
     * throws this very exception (Java's counterpart of OTP's {@code {reply, {error, Reason}, S}}).
     */
    static <S> Result<S> replyError(RuntimeException error, S state) {
        return new Reply<>(new Protocol.ErrorReply(error), state);
    }

    static <S> Result<S> noReply(S state) {
        return new NoReply<>(state);
    }

    static <S> Result<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, null, state);
    }

    static <S> Result<S> stop(ExitReason reason, Object reply, S state) {
        return new Stop<>(reason, reply, state);
    }
}
