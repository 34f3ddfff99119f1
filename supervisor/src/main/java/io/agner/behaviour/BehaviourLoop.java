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
 * <p>Between two messages a step may ask to {@link #proceed} with a continuation first (nothing
 * is taken from the mailbox meanwhile, system messages included), or to hear of
 * {@link #timedOut} if no message comes within a timeout. As in OTP's gen_server, a system
 * message taken while waiting starts the whole timeout again: the loop goes back to the same
 * wait.
 *
 * @param <S> what the loop keeps between messages (a server's state, a state machine's state and data)
 */
abstract class BehaviourLoop<S> implements ProcessBody {

    private static final Logger LOG = LoggerFactory.getLogger(BehaviourLoop.class);

    /** Stands for "no message came in time" where the loop receives. */
    private static final Object TIMED_OUT = new Object();

    /** What init or handling one message leads to. */
    sealed interface Step<S> {}

    /**
     * Carry on with {@code state}: first {@link #proceed} with {@code continuation} if it is not
     * null; else wait for the next message, up to {@code timeout} if it is not null. With
     * {@code hibernate} (and no timeout), wait hibernating ({@link ProcessContext#hibernate}).
     */
    record Continue<S>(S state, Duration timeout, Object continuation, boolean hibernate) implements Step<S> {
        Continue(S state) {
            this(state, null, null, false);
        }

        Continue(S state, Duration timeout, Object continuation) {
            this(state, timeout, continuation, false);
        }
    }

    record Exit<S>(ExitReason reason, S state) implements Step<S> {}

    /** Do not start (only from {@link #init}): the starter is told so, and the process exits {@code normal}. */
    record Ignore<S>() implements Step<S> {}

    private final String behaviour;
    private final Pid parent;   // null when started without a link
    private Alias starter; // where init's outcome goes; dropped once told (a million idle processes need not keep it)
    private Pid systemPid;       // the node's, set when the process starts
    private S initialState;      // init's result, until the loop takes it
    private Duration timeout;    // how long the loop waits for its next message; null: as long as it takes
    private Object continuation; // to proceed with before the next message; null: none
    private boolean hibernate;   // wait for messages hibernating (only without a timeout); kept across system messages, as OTP's
    private boolean suspended;   // serving only system messages (Sys.suspend, or an upgrade's prepare)
    private boolean prepared;    // suspended by an upgrade's prepare, until its commit or abort
    private long preparedAt;     // System.nanoTime() when the prepare suspended it

    BehaviourLoop(String behaviour, Pid parent, Alias starter) {
        this.behaviour = behaviour;
        this.parent = parent;
        this.starter = starter;
    }

    /**
     * Runs the behaviour's init: {@link Continue} to start, {@link Ignore} not to, {@link Exit}
     * (or a throw) to fail the start; no {@code terminate} runs unless it started.
     */
    abstract Step<S> init(ProcessContext ctx) throws Exception;

    abstract Step<S> handle(ProcessContext ctx, Object message, S state) throws Exception;

    /** Goes on after a step's continuation; only behaviours whose steps have continuations override it. */
    Step<S> proceed(ProcessContext ctx, Object continuation, S state) throws Exception {
        throw new IllegalStateException(behaviour + " has no continuations, got " + continuation);
    }

    /** No message came within a step's timeout; only behaviours whose steps have timeouts override it. */
    Step<S> timedOut(ProcessContext ctx, S state) throws Exception {
        throw new IllegalStateException(behaviour + " has no timeouts");
    }

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
        if (!started(ctx)) {
            throw new ExitException(ExitReason.NORMAL); // ignored: as OTP, exit normal without terminate
        }
        loop(ctx, false);
    }

    /**
     * Runs init and tells the starter; true if started. The first step is kept in fields, not
     * on run's stack: a stack slot holding the first state would keep its module version's
     * classes alive after an upgrade.
     */
    private boolean started(ProcessContext ctx) throws Exception {
        Step<S> first;
        try {
            first = init(ctx);
        } catch (ExitException e) {
            starter.send(Protocol.InitAck.failed(starter.ref(), e.reason()));
            throw e;
        } catch (Exception | Error e) {
            starter.send(Protocol.InitAck.failed(starter.ref(), ExitReason.error(e)));
            throw e;
        }
        switch (first) {
            case Continue<S> c -> {
                initialState = c.state();
                timeout = c.timeout();
                continuation = c.continuation();
                hibernate = c.hibernate();
                starter.send(Protocol.InitAck.started(starter.ref()));
                starter = null;
                return true;
            }
            case Ignore<S> i -> {
                starter.send(Protocol.InitAck.ignored(starter.ref()));
                return false;
            }
            case Exit<S> x -> {
                starter.send(Protocol.InitAck.failed(starter.ref(), x.reason()));
                throw new ExitException(x.reason());
            }
        }
    }

    /** The receive loop; {@code resumed}: it resumes from a hibernation, so it takes a message before it may hibernate again. */
    private void loop(ProcessContext ctx, boolean resumed) throws Exception {
        // Taken from a field, not a parameter or a caller's local: a stack slot holding the first
        // state would keep its module version's classes alive after an upgrade.
        S state = initialState;
        initialState = null;
        try {
            while (true) {
                if (continuation != null) {
                    state = next(ctx, proceed(ctx, takeContinuation(), state));
                    continue;
                }
                if (hibernate && timeout == null && !resumed) {
                    initialState = state;              // the loop resumes from the field, as it starts
                    ctx.hibernate(c -> loop(c, true)); // unwinds past the handlers below (not an Exception or Error)
                }
                resumed = false;
                // Suspended, OTP's sys:suspend_loop still takes the parent's exit signal.
                Object m = suspended ? ctx.receive(this::servedWhileSuspended)
                        : timeout == null ? ctx.receive()
                        : ctx.receive(timeout).orElse(TIMED_OUT);
                if (m == TIMED_OUT) {
                    state = next(ctx, timedOut(ctx, state));
                } else if (m instanceof Protocol.SysRequest r) {
                    // The timeout stays as it was: the next wait starts it again in full, as OTP's.
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
                    state = next(ctx, handle(ctx, m, state));
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

    /** The pending continuation, now cleared: no local of the loop keeps it past its use (as for the first state). */
    private Object takeContinuation() {
        Object c = continuation;
        continuation = null;
        return c;
    }

    /** Takes in a step's timeout and continuation and returns its state; or exits. */
    private S next(ProcessContext ctx, Step<S> step) {
        switch (step) {
            case Continue<S> c -> {
                timeout = c.timeout();
                continuation = c.continuation();
                hibernate = c.hibernate();
                return c.state();
            }
            case Exit<S> x -> {
                exit(ctx, x.reason(), x.state());
                throw new AssertionError("exit returned");
            }
            case Ignore<S> i -> throw new IllegalStateException(behaviour + ": only init may decline to start");
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
