package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every behaviour's process does around its callbacks (OTP's {@code gen} and {@code sys}):
 * the start handshake, the receive loop, system messages, the parent's exit signal, and
 * {@code terminate} on the way out. Runs on the behaviour's own process only.
 *
 * <p>System messages: {@code suspend} makes the loop serve only system messages (and the
 * parent's exit signal, as OTP's {@code sys:suspend_loop}), leaving every other message queued in
 * order until {@code resume}; {@code getState} and {@code replaceState} act between two
 * callbacks. An upgrade's prepare suspends the same way and answers the state; its commit
 * installs new code and state and resumes, its abort resumes on the old code; see {@link Sys}.
 *
 * @param <S> what the loop keeps between messages (a server's state, a state machine's state and data)
 */
abstract class BehaviourLoop<S> implements ProcessBody {

    private static final Logger LOG = LoggerFactory.getLogger(BehaviourLoop.class);

    /** What handling one message leads to. */
    sealed interface Step<S> {}

    record Continue<S>(S state) implements Step<S> {}

    record Exit<S>(ExitReason reason, S state) implements Step<S> {}

    private final String behaviour;
    private final Pid parent;   // null when started without a link
    private final Alias starter; // where init's outcome goes
    private Pid systemPid;       // the node's, set when the process starts
    private S initialState;      // init's result, until the loop takes it
    private boolean suspended;   // serving only system messages (Sys.suspend, or an upgrade's prepare)
    private boolean prepared;    // suspended by an upgrade's prepare, until its commit or abort
    private long preparedAt;     // System.nanoTime() when the prepare suspended it

    BehaviourLoop(String behaviour, Pid parent, Alias starter) {
        this.behaviour = behaviour;
        this.parent = parent;
        this.starter = starter;
    }

    abstract S init(ProcessContext ctx) throws Exception;

    abstract Step<S> handle(ProcessContext ctx, Object message, S state) throws Exception;

    abstract void terminate(ProcessContext ctx, ExitReason reason, S state) throws Exception;

    /** Switches to {@code code} and {@code state} (a state as {@link #visibleState} shows it); throws, changing nothing, if they do not fit. */
    abstract S install(Object code, Object state, S current);

    /** What {@code Sys.getState} shows. */
    Object visibleState(S state) {
        return state;
    }

    /** Applies {@code Sys.replaceState}'s function to the visible state. */
    @SuppressWarnings("unchecked")
    S replaceVisibleState(S state, java.util.function.UnaryOperator<Object> replace) {
        return (S) replace.apply(state);
    }

    @Override
    public final void run(ProcessContext ctx) throws Exception {
        systemPid = ctx.node().systemPid();
        ctx.setBehaviour(behaviour);
        try {
            initialState = init(ctx);
        } catch (ExitException e) {
            starter.send(new Protocol.InitAck(starter.ref(), e.reason()));
            throw e;
        } catch (Exception | Error e) {
            starter.send(new Protocol.InitAck(starter.ref(), ExitReason.error(e)));
            throw e;
        }
        starter.send(new Protocol.InitAck(starter.ref(), null));
        loop(ctx);
    }

    private void loop(ProcessContext ctx) throws Exception {
        // Taken from a field, not a parameter or a caller's local: a stack slot holding the first
        // state would keep its module version's classes alive after an upgrade.
        S state = initialState;
        initialState = null;
        try {
            while (true) {
                // Suspended, OTP's sys:suspend_loop still takes the parent's exit signal.
                Object m = suspended ? ctx.receive(this::servedWhileSuspended) : ctx.receive();
                if (m instanceof Protocol.SysRequest r) {
                    if (r.op() instanceof Protocol.Suspend || r.op() instanceof Protocol.Resume) {
                        suspended = r.op() instanceof Protocol.Suspend;
                        answer(r, "ok");
                    } else if (r.op() instanceof Protocol.Terminate(ExitReason reason)) {
                        exit(ctx, reason, state); // the caller waits for our Down
                    } else {
                        state = system(ctx, r, state);
                    }
                } else if (isFromParent(m)) {
                    exit(ctx, ((Signal.Exit) m).reason(), state);
                } else {
                    switch (handle(ctx, m, state)) {
                        case Continue<S> c -> state = c.state();
                        case Exit<S> x -> exit(ctx, x.reason(), x.state());
                    }
                }
            }
        } catch (StoppedException stopped) {
            throw stopped.exit;
        } catch (ExitException e) {
            if (!e.signalled()) {
                terminateQuietly(ctx, e.reason(), state);
            }
            throw e;
        } catch (Exception | Error e) {
            terminateQuietly(ctx, ExitReason.error(e), state);
            throw e;
        }
    }

    private boolean servedWhileSuspended(Object m) {
        return m instanceof Protocol.SysRequest || isFromParent(m);
    }

    /**
     * A trapping behaviour terminates on any exit signal from its parent; the node itself
     * (closing, or an exit sent from outside any process) counts as every behaviour's parent.
     */
    private boolean isFromParent(Object m) {
        return m instanceof Signal.Exit(Pid from, ExitReason reason) && (from.equals(parent) || from.equals(systemPid));
    }

    private void exit(ProcessContext ctx, ExitReason reason, S state) {
        terminateQuietly(ctx, reason, state);
        throw new StoppedException(new ExitException(reason));
    }

    private void terminateQuietly(ProcessContext ctx, ExitReason reason, S state) {
        try {
            terminate(ctx, reason, state);
        } catch (Exception | Error e) {
            LOG.error("{} {}: terminate({}) threw; exiting with the original reason", behaviour, ctx.self(), reason, e);
        }
    }

    private S system(ProcessContext ctx, Protocol.SysRequest r, S state) {
        try {
            S next = switch (r.op()) {
                case Protocol.GetState g -> {
                    answer(r, visibleState(state));
                    yield state;
                }
                case Protocol.ReplaceState rs -> {
                    S replaced = replaceVisibleState(state, rs.replace());
                    answer(r, visibleState(replaced));
                    yield replaced;
                }
                case Protocol.SetModuleVersion(String label) -> {
                    ctx.setModuleVersion(label);
                    answer(r, "ok");
                    yield state;
                }
                case Protocol.PrepareUpgrade p -> {
                    suspended = true;
                    prepared = true;
                    preparedAt = System.nanoTime();
                    answer(r, visibleState(state));
                    yield state;
                }
                case Protocol.CommitUpgrade(Sys.NewCode newCode, String label) -> {
                    if (!prepared) {
                        throw new IllegalStateException("commit without a prepared upgrade (Sys.prepareUpgrade first)");
                    }
                    S installed = install(newCode.code(), newCode.state(), state); // throws, changing nothing, if it does not fit
                    ctx.setModuleVersion(label);
                    prepared = false;
                    suspended = false;
                    answer(r, Duration.ofNanos(System.nanoTime() - preparedAt));
                    yield installed;
                }
                case Protocol.AbortUpgrade a -> {
                    Object paused = prepared ? Duration.ofNanos(System.nanoTime() - preparedAt) : Duration.ZERO;
                    prepared = false;
                    suspended = false;
                    answer(r, paused);
                    yield state;
                }
                case Protocol.Suspend s -> throw new AssertionError(s);
                case Protocol.Resume s -> throw new AssertionError(s);
                case Protocol.Terminate s -> throw new AssertionError(s);
            };
            return next;
        } catch (RuntimeException | Error e) {
            // As OTP's sys, a failed replace function or code change leaves the process running.
            answer(r, new Protocol.ErrorReply(e));
            return state;
        } catch (Exception e) {
            answer(r, new Protocol.ErrorReply(new IllegalStateException(e.toString(), e)));
            return state;
        }
    }

    private static void answer(Protocol.SysRequest r, Object value) {
        r.from().alias().send(new Protocol.Reply(r.from().alias().ref(), value));
    }

    /** Carries a deliberate exit past the loop's crash handling (terminate already ran). */
    private static final class StoppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ExitException exit;

        StoppedException(ExitException exit) {
            super(null, null, false, false);
            this.exit = exit;
        }
    }
}
