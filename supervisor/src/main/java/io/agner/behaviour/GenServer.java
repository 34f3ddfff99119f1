package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The callback side of a generic server (OTP's {@code gen_server}); its callbacks run one at a
 * time on the server's own process, so the state needs no locking.
 *
 * {@snippet :
 * GenServers.start / startLink ──▶ init(ctx)                              → state
 *                  (full form) ──▶ start(ctx)                             → ok(state)[.with…] | ignore()
 * GenServers.call              ──▶ handleCall(ctx, request, from, state)  → Reply | NoReply | Stop
 * GenServers.cast              ──▶ handleCast(ctx, request, state)        → NoReply | Stop
 * any other message            ──▶ handleInfo(ctx, message, state)        → NoReply | Stop
 * a result's withContinue(c)   ──▶ handleContinue(ctx, c, state)          → NoReply | Stop
 * a result's withTimeout(t)    ──▶ handleInfo(ctx, TIMEOUT, state), if no message came within t
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
 * <p><b>What happens next.</b> A {@link Reply}, a {@link NoReply} and init's {@link Ok} end with
 * a {@link Then}, by default {@link Then.Wait}: wait for the next message. Two others, set with
 * {@code withContinue} and {@code withTimeout} (OTP's {@code {continue, C}} and {@code Timeout}):
 * <ul>
 *   <li>{@code withContinue(c)}: {@code handleContinue(c)} runs at once, after the reply is sent
 *       and before any message is taken, even one already waiting or a system message; it may
 *       itself continue. Typical use: finish a slow init after the starter has returned.
 *   <li>{@code withTimeout(t)}: if no message arrives within {@code t} (node clock; zero: only if
 *       none is waiting), {@code handleInfo} gets {@link #TIMEOUT}. Any message cancels it. As in
 *       OTP, a system message ({@link Sys}) handled meanwhile starts the whole {@code t} again.
 * </ul>
 *
 * <p><b>Not starting.</b> To decline to start (OTP's {@code ignore}), override {@link #start} and
 * return {@link #ignore()}: the process exits {@code normal}, {@code GenServers.start} throws
 * {@link StartIgnoredException}, and a supervisor treats the child as ignored.
 *
 * <p>Java twist: OTP's {@code noreply} from {@code handleCall} is {@link NoReply}, after which
 * the server must answer later with {@link GenServers#reply(From, Object)}. {@code init} returns the
 * bare state, the common case; its full form {@link #start} (OTP's other init results) calls it.
 *
 * @param <S> the server's state
 */
public interface GenServer<S> {

    /** Builds the initial state. Runs in the new process before its starter returns. */
    S init(ProcessContext ctx) throws Exception;

    /**
     * init's full form, for the rare server that must continue or time out before its first
     * message, or not start at all: OTP's {@code {ok, S, {continue, C}}}, {@code {ok, S, Timeout}}
     * and {@code ignore} are {@code ok(init(ctx)).withContinue(c)}, {@code .withTimeout(t)} and
     * {@link #ignore()}. The default is {@code ok(init(ctx))}. The starter returns once this has
     * returned (before any {@code handleContinue}).
     */
    default Init<S> start(ProcessContext ctx) throws Exception {
        return ok(init(ctx));
    }

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

    /**
     * Continues after a result's {@code withContinue(continuation)}, before any message is taken.
     * The default crashes the server, as OTP's does when {@code handle_continue} is missing.
     */
    default Result<S> handleContinue(ProcessContext ctx, Object continuation, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle continue, got " + continuation);
    }

    /** Cleans up before the process exits; the default does nothing. */
    default void terminate(ProcessContext ctx, ExitReason reason, S state) throws Exception {}

    /**
     * Converts the state of an older version of this server's code during a live upgrade. This is
     * how it runs: {@code io.agner.hotswap.CodeServer} loads the new version, creates a fresh
     * instance of its entry class for each process, and calls this method on that instance while
     * the process is suspended (between {@link Sys#prepareUpgrade} and the commit), on one of the
     * code server's conversion threads, not in the process: it must be a pure function of the old
     * state, and one that takes longer than the code server's step timeout is interrupted and rolls
     * the upgrade back.
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

    /** What {@link GenServer#handleInfo} gets when a result's timeout passed without a message (OTP's {@code timeout}). */
    record Timeout() {}

    /** The one {@link Timeout} value, for {@code message.equals(GenServer.TIMEOUT)}. */
    Timeout TIMEOUT = new Timeout();

    /** What the server does after a {@link Reply}, {@link NoReply} or {@link Ok}, before its next message. */
    sealed interface Then {
        Then WAIT = new Wait();

        /** Wait for the next message, as long as it takes (the default). */
        record Wait() implements Then {}

        /** Wait up to {@code timeout} for the next message, then handle {@link GenServer#TIMEOUT}. */
        record WaitAtMost(Duration timeout) implements Then {
            public WaitAtMost {
                if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
                    throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
                }
            }
        }

        /**
         * Wait for the next message hibernating (OTP's {@code hibernate}; see
         * {@link io.agner.runtime.ProcessContext#hibernate}): the thread and its stack are dropped
         * until a message comes. For servers that wait long between messages.
         */
        record Hibernate() implements Then {}

        /** Call {@link GenServer#handleContinue} with {@code continuation} before taking any message. */
        record Continue(Object continuation) implements Then {
            public Continue {
                Objects.requireNonNull(continuation, "continuation");
            }
        }
    }

    /** What a callback returns: the next state and what to do. */
    sealed interface Result<S> permits Reply, NoReply, Stop {
        S state();
    }

    /** Answer the call with {@code value}, then {@code then}. Only from {@code handleCall}. */
    record Reply<S>(Object value, S state, Then then) implements Result<S> {
        public Reply {
            Objects.requireNonNull(then, "then");
        }

        public Reply(Object value, S state) {
            this(value, state, Then.WAIT);
        }

        /** The same reply, then {@code handleInfo(TIMEOUT)} unless a message comes within {@code timeout}. */
        public Reply<S> withTimeout(Duration timeout) {
            return new Reply<>(value, state, new Then.WaitAtMost(timeout));
        }

        /** The same reply, then {@code handleContinue(continuation)} before any message. */
        public Reply<S> withContinue(Object continuation) {
            return new Reply<>(value, state, new Then.Continue(continuation));
        }

        /** The same reply, then wait for the next message hibernating ({@link Then.Hibernate}). */
        public Reply<S> hibernating() {
            return new Reply<>(value, state, new Then.Hibernate());
        }
    }

    /** Carry on without answering (from {@code handleCall}: answer later via {@link GenServers#reply}), then {@code then}. */
    record NoReply<S>(S state, Then then) implements Result<S> {
        public NoReply {
            Objects.requireNonNull(then, "then");
        }

        public NoReply(S state) {
            this(state, Then.WAIT);
        }

        /** The same, then {@code handleInfo(TIMEOUT)} unless a message comes within {@code timeout}. */
        public NoReply<S> withTimeout(Duration timeout) {
            return new NoReply<>(state, new Then.WaitAtMost(timeout));
        }

        /** The same, then {@code handleContinue(continuation)} before any message. */
        public NoReply<S> withContinue(Object continuation) {
            return new NoReply<>(state, new Then.Continue(continuation));
        }

        /** The same, then wait for the next message hibernating ({@link Then.Hibernate}). */
        public NoReply<S> hibernating() {
            return new NoReply<>(state, new Then.Hibernate());
        }
    }

    /**
     * Stop with {@code reason}: answer the call with {@code reply} first if not null, run
     * {@code terminate}, then exit.
     */
    record Stop<S>(ExitReason reason, Object reply, S state) implements Result<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** What {@link GenServer#start} returns: {@link Ok} or {@link Ignore}. */
    sealed interface Init<S> permits Ok, Ignore {}

    /** Started with {@code state}, then {@code then} (OTP's {@code {ok, State}} and its timeout and continue forms). */
    record Ok<S>(S state, Then then) implements Init<S> {
        public Ok {
            Objects.requireNonNull(then, "then");
        }

        /** Then {@code handleInfo(TIMEOUT)} unless a message comes within {@code timeout}. */
        public Ok<S> withTimeout(Duration timeout) {
            return new Ok<>(state, new Then.WaitAtMost(timeout));
        }

        /** Then {@code handleContinue(continuation)}, after the starter is answered and before any message. */
        public Ok<S> withContinue(Object continuation) {
            return new Ok<>(state, new Then.Continue(continuation));
        }
    }

    /** Do not start (OTP's {@code ignore}): the process exits {@code normal}. */
    record Ignore<S>() implements Init<S> {}

    static <S> Ok<S> ok(S state) {
        return new Ok<>(state, Then.WAIT);
    }

    static <S> Ignore<S> ignore() {
        return new Ignore<>();
    }

    static <S> Reply<S> reply(Object value, S state) {
        return new Reply<>(value, state);
    }

    /**
     * Answer the call by throwing {@code error} in the caller: its {@code GenServers.call}
     * throws this very exception (Java's counterpart of OTP's {@code {reply, {error, Reason}, S}}).
     */
    static <S> Reply<S> replyError(RuntimeException error, S state) {
        return new Reply<>(new Protocol.ErrorReply(error), state);
    }

    static <S> NoReply<S> noReply(S state) {
        return new NoReply<>(state);
    }

    static <S> Result<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, null, state);
    }

    static <S> Result<S> stop(ExitReason reason, Object reply, S state) {
        return new Stop<>(reason, reply, state);
    }
}
