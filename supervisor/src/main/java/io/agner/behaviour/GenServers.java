package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.Caller;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The client side of {@link GenServer}: start, call, cast, reply, stop. Every operation takes a
 * {@link Caller}: a process passes its {@link ProcessContext}, any other thread passes the
 * {@link Node} (which lends the thread a short-lived pid for the call; see {@link Node#asProcess}).
 * Requests go to a {@link ServerRef}: a {@link Pid}, or {@code ServerRef.named(name)}.
 *
 * {@snippet :
 * Pid counter = GenServers.start(node, new Counter(), "counter");
 * GenServers.cast(node, counter, new Increment());
 * int n = (Integer) GenServers.call(node, ServerRef.named("counter"), new Get());
 * }
 */
public final class GenServers {

    /**
     * The timeout of calls that do not give one, as OTP's {@code gen_server:call/2}: 5 seconds.
     * A state machine's two-argument call uses it too (OTP's {@code gen_statem:call/2} waits
     * without limit; one default for both is what a Java caller expects).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How long a start waits for {@code init} to finish: 1 minute, for every behaviour's start.
     * If it has not answered by then the start fails with {@link StartException} (reason
     * {@code timeout}) and the process is killed, as OTP's {@code proc_lib} does for a start
     * given a timeout. (OTP's default is to wait without limit; a start that can hang forever
     * is not what a Java caller expects.)
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(1);

    private GenServers() {}

    // ---- start -------------------------------------------------------------------------------

    /**
     * Starts an unlinked server; returns once {@code init} has run (at most {@link #START_TIMEOUT}).
     *
     * @throws StartException        if init threw or exited, or did not answer in time (see {@link #startLink})
     * @throws StartIgnoredException if init declined to start (OTP's {@code ignore})
     */
    public static <S> Pid start(Caller caller, GenServer<S> server) {
        return caller.asProcess(ctx -> start(ctx, server, null, false));
    }

    /** Starts an unlinked server registered as {@code name}. */
    public static <S> Pid start(Caller caller, GenServer<S> server, String name) {
        return caller.asProcess(ctx -> start(ctx, server, name, false));
    }

    /**
     * Starts a server linked to the calling process (its parent). If {@code init} fails, this
     * throws {@link StartException} and the caller also gets the exit signal, which kills it
     * unless it traps exits — as OTP's {@code start_link}. If it declines to start
     * ({@link GenServer#ignore()}), this throws {@link StartIgnoredException}; the exit signal
     * is {@code normal}, harmless. Every start does the same.
     */
    public static <S> Pid startLink(ProcessContext ctx, GenServer<S> server) {
        return start(ctx, server, null, true);
    }

    public static <S> Pid startLink(ProcessContext ctx, GenServer<S> server, String name) {
        return start(ctx, server, name, true);
    }

    private static <S> Pid start(ProcessContext ctx, GenServer<S> server, String name, boolean link) {
        Objects.requireNonNull(server, "server");
        return startBehaviour(ctx, server.getClass().getName(), name, link,
                (parent, starter) -> new GenServerLoop<>(server, parent, starter));
    }

    /**
     * Spawns a behaviour's loop (linked to the caller, its parent, if {@code link}) and waits for
     * its init; shared by every behaviour's start.
     */
    static Pid startBehaviour(ProcessContext ctx, String what, String name, boolean link,
                              BiFunction<Pid, Alias, ProcessBody> loop) {
        Alias starter = ctx.alias();
        Pid pid;
        try {
            pid = ctx.spawn(loop.apply(link ? ctx.self() : null, starter), SpawnOptions.DEFAULT.withLink(link).withName(name));
        } catch (RuntimeException nameTakenOrClosing) {
            ctx.unalias(starter);
            throw nameTakenOrClosing;
        }
        return awaitStarted(ctx, pid, starter, what);
    }

    /**
     * Waits up to {@link #START_TIMEOUT} for a behaviour's init outcome, or its death; shared by
     * every behaviour's start.
     *
     * @throws StartIgnoredException if init declined to start (the process has exited)
     * @throws StartException        if init failed, did not answer in time, or the process died first (it has exited)
     */
    static Pid awaitStarted(ProcessContext ctx, Pid pid, Alias starter, String what) {
        return awaitStarted(ctx, pid, starter, what, START_TIMEOUT);
    }

    /**
     * Waits up to {@code timeout} for a behaviour's init outcome, or its death. On timeout, as
     * OTP's {@code proc_lib:sync_start}: unlinks, kills the process, drops its exit message if one
     * came, and fails with reason {@code timeout}.
     */
    static Pid awaitStarted(ProcessContext ctx, Pid pid, Alias starter, String what, Duration timeout) {
        Ref monitor = ctx.monitor(pid);
        try {
            Object m = ctx.receive(x -> x instanceof Protocol.InitAck a && a.tag().equals(starter.ref())
                    || x instanceof Signal.Down d && d.ref().equals(monitor), timeout).orElse(null);
            if (m == null) {
                ctx.unlink(pid);
                ctx.exit(pid, ExitReason.KILL);
                ctx.unalias(starter);
                // Drop an ack that came after all, and the exit of a process that died before the unlink.
                while (ctx.receive(x -> x instanceof Protocol.InitAck a && a.tag().equals(starter.ref())
                        || x instanceof Signal.Exit e && e.from().equals(pid), Duration.ZERO).isPresent()) {
                    // dropped
                }
                throw new StartException(what + " as " + pid + " (no answer from init within " + timeout + ": killed)",
                        CallTimeoutException.TIMEOUT);
            }
            if (m instanceof Protocol.InitAck a && a.failure() == null && !a.ignored()) {
                return pid;
            }
            if (m instanceof Protocol.InitAck) {
                // A failed or ignoring init exits right after its ack; both exceptions promise it has exited.
                ctx.receive(x -> x instanceof Signal.Down d && d.ref().equals(monitor), timeout);
            }
            throw switch (m) {
                case Protocol.InitAck a when a.ignored() -> new StartIgnoredException(what + " as " + pid);
                case Protocol.InitAck a -> new StartException(what + " as " + pid, a.failure());
                case Signal.Down d -> new StartException(what + " as " + pid, d.reason());
                default -> throw new AssertionError(m);
            };
        } finally {
            ctx.unalias(starter);
            ctx.demonitor(monitor, true);
        }
    }

    // ---- call, cast, reply -------------------------------------------------------------------

    /**
     * Calls the server and waits up to {@code timeout} for its reply.
     *
     * @throws CallTimeoutException if no reply came in time (the server still handles the
     *                              request; its late reply is dropped)
     * @throws CallException        if the server is not alive or exits before replying
     * @throws RuntimeException     the very exception the server answered with
     *                              ({@link GenServer#replyError}, {@link #replyError})
     */
    public static Object call(Caller caller, ServerRef target, Object request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        return caller.asProcess(ctx -> Calls.call(ctx, target, request, timeout, from -> new Protocol.Call(from, request)));
    }

    /** Calls with {@link #DEFAULT_TIMEOUT}. */
    public static Object call(Caller caller, ServerRef target, Object request) {
        return call(caller, target, request, DEFAULT_TIMEOUT);
    }

    /**
     * Sends {@code request} as a call and returns at once (OTP's {@code gen_server:send_request/2}):
     * the reply comes later as a message, taken with {@link #receiveResponse}, recognised with
     * {@link RequestId#check}, or with many others in a {@link RequestIds}. A server that is gone
     * (or a name nobody holds) answers with its Down at once: the request then fails with
     * {@link CallException} ({@code noproc}) when its answer is taken, as a call would.
     */
    public static RequestId<Object> sendRequest(ProcessContext ctx, ServerRef target, Object request) {
        return sendRequest(ctx, target, request, value -> value);
    }

    /**
     * As {@link #sendRequest(ProcessContext, ServerRef, Object)}, its reply turned into a {@code T}
     * by {@code decode} when taken: how a typed client offers its own {@code send…} methods.
     */
    public static <T> RequestId<T> sendRequest(ProcessContext ctx, ServerRef target, Object request, Function<Object, T> decode) {
        Objects.requireNonNull(request, "request");
        Pid pid = target.resolve(ctx.node()).orElse(null);
        Ref monitor = ctx.monitor(pid == null ? target : pid);     // an unknown name: an immediate noproc Down
        Alias alias = ctx.alias();
        if (pid != null) {
            ctx.send(pid, new Protocol.Call(new From(alias), request));
        }
        return new RequestId<>(target, request, alias, monitor, decode);
    }

    /**
     * Waits up to {@code timeout} for the answer to {@code id} and returns it, as {@link #call}
     * would have (OTP's {@code gen_server:receive_response/2}). On timeout the request is
     * abandoned: its late reply never reaches the mailbox (OTP keeps it outstanding; a Java caller
     * expects a timed-out request to be over).
     *
     * @throws CallTimeoutException if no answer came in time
     * @throws CallException        if the server was not alive or exited before replying
     * @throws RuntimeException     the exception the server answered with
     */
    public static <T> T receiveResponse(ProcessContext ctx, RequestId<T> id, Duration timeout) {
        Object answer = ctx.receive(id::answeredBy, timeout).orElse(null);
        if (answer == null) {
            id.abandon(ctx);
            throw new CallTimeoutException(id.target(), id.request(), timeout);
        }
        return id.take(ctx, answer);
    }

    /** Sends a request without waiting; never fails (dropped if the server is gone). */
    public static void cast(Caller caller, ServerRef target, Object request) {
        Protocol.Cast cast = new Protocol.Cast(Objects.requireNonNull(request, "request"));
        target.resolve(caller.node()).ifPresent(pid -> caller.node().send(pid, cast));
    }

    /** Answers a call, from any thread; dropped if the caller has given up waiting. */
    public static void reply(From from, Object value) {
        from.alias().send(new Protocol.Reply(from.alias().ref(), value));
    }

    /** A behaviour's own reply, from its process: sent through {@code ctx}, so a trace of the server shows it. */
    static void reply(ProcessContext ctx, From from, Object value) {
        ctx.send(from.alias(), new Protocol.Reply(from.alias().ref(), value));
    }

    /** Answers a call by throwing {@code error} in the caller (see {@link GenServer#replyError}); from any thread. */
    public static void replyError(From from, RuntimeException error) {
        reply(from, new Protocol.ErrorReply(error));
    }

    /**
     * Stops the server: it runs {@code terminate(reason)} and exits with {@code reason}; waits
     * until it has (OTP's {@code gen_server:stop}).
     *
     * @throws CallException        if it is not alive, or exited with another reason first
     * @throws CallTimeoutException if it has not exited within {@code timeout}
     */
    public static void stop(Caller caller, ServerRef target, ExitReason reason, Duration timeout) {
        caller.asProcess(ctx -> {
            stop(ctx, target, reason, timeout);
            return null;
        });
    }

    private static void stop(ProcessContext ctx, ServerRef target, ExitReason reason, Duration timeout) {
        Pid pid = target.resolve(ctx.node()).orElseThrow(() -> new CallException(target, "stop", ExitReason.NOPROC));
        if (pid.equals(ctx.self())) {
            throw new CallException(target, "stop", ExitReason.of("calling_self")); // use ctx.exit(reason)
        }
        Ref monitor = ctx.monitor(pid);
        Alias unanswered = ctx.alias(); // the loop answers Terminate by exiting, never by a reply
        ctx.unalias(unanswered);
        ctx.send(pid, new Protocol.SysRequest(new From(unanswered), new Protocol.Terminate(reason)));
        Object down = ctx.receive(m -> m instanceof Signal.Down d && d.ref().equals(monitor), timeout).orElse(null);
        if (down == null) {
            ctx.demonitor(monitor, true);
            throw new CallTimeoutException(target, "stop", timeout);
        }
        // As proc_lib:stop: exiting with any reason but the one asked for (noproc included) is a failure.
        if (down instanceof Signal.Down d && !d.reason().equals(reason)) {
            throw new CallException(target, "stop", d.reason());
        }
    }
}
