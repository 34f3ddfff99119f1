package io.agner.supervisor;

import io.agner.behaviour.GenServers;
import io.agner.behaviour.RequestId;
import io.agner.behaviour.RequestIds;
import io.agner.runtime.Caller;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ServerRef;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OTP's supervisor: starts children, watches them, restarts them by strategy and restart type,
 * and gives up — stopping its children and exiting with {@code shutdown} — when they fail more
 * often than its intensity allows. A supervisor is a process that traps exits, so supervisors
 * nest into trees. Methods taking a {@link ProcessContext} run on that process's thread; those
 * taking a {@link Node}, on any thread. A supervisor is named by its pid or registered name.
 *
 * {@snippet :
 * Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(3, Duration.ofSeconds(5)), List.of(
 *         ChildSpec.worker("counter", (s, args) -> GenServers.startLink(s, new Counter(), "counter")),
 *         ChildSpec.worker("logger", (s, args) -> GenServers.startLink(s, new Logger()))));
 * }
 *
 * <p>Children start in order (a failing start aborts the supervisor's start: the others are
 * stopped and it fails with {@code {shutdown, StartFailure}}) and stop in reverse order. With
 * {@link SupFlags#autoShutdown()} a supervisor also shuts down when its significant children end
 * by themselves ({@link AutoShutdown}). Every restart and give-up is logged once to the SLF4J
 * logger {@code io.agner.supervisor} (at error; an auto shutdown at info); every restart is also a
 * JFR event ({@code agner.SupervisorRestart}) and counted per child id ({@link #restarts}, which
 * OTP does not have).
 */
public final class Supervisor {

    /** Supervisor calls wait without limit, as OTP's do: stopping children can take long. */
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private Supervisor() {}

    // ---- start -------------------------------------------------------------------------------

    /** Starts an unlinked supervisor; returns once every child has started. */
    public static Pid start(Caller caller, SupFlags flags, List<ChildSpec> children) {
        return GenServers.start(caller, new SupervisorServer(flags, children, null));
    }

    public static Pid start(Caller caller, SupFlags flags, List<ChildSpec> children, String name) {
        return GenServers.start(caller, new SupervisorServer(flags, children, name), name);
    }

    /** Starts a supervisor linked to the caller, which becomes its parent: its exit stops the supervisor's tree. */
    public static Pid startLink(ProcessContext ctx, SupFlags flags, List<ChildSpec> children) {
        return GenServers.startLink(ctx, new SupervisorServer(flags, children, null));
    }

    public static Pid startLink(ProcessContext ctx, SupFlags flags, List<ChildSpec> children, String name) {
        return GenServers.startLink(ctx, new SupervisorServer(flags, children, name), name);
    }

    // ---- children ----------------------------------------------------------------------------

    /** Adds and starts a child (not for simple-one-for-one); empty if its start was ignored (returned null, or its init declined: {@code StartIgnoredException}). */
    public static Optional<Pid> startChild(Caller caller, ServerRef sup, ChildSpec spec) {
        return call(caller, sup, new SupervisorServer.StartChild(spec));
    }

    /** Starts a dynamic child of a simple-one-for-one supervisor's template with {@code args}. */
    public static Optional<Pid> startChild(Caller caller, ServerRef sup, List<Object> args) {
        return call(caller, sup, new SupervisorServer.StartDynamic(args));
    }

    /**
     * As {@link #startChild(Caller, ServerRef, List)}, without waiting: the answer (the child's pid,
     * empty if its start was ignored, or the failure) comes later as a message; take it with
     * {@link GenServers#receiveResponse}, {@link RequestId#check} or a {@link RequestIds}. So a
     * process can have many children started for it while it goes on working; the supervisor
     * starts them one after another, in the order asked. (OTP has no such function, but its
     * supervisor is a gen_server and {@code gen_server:send_request(Sup, {start_child, Args})} does
     * this.)
     */
    @SuppressWarnings("unchecked")
    public static RequestId<Optional<Pid>> sendStartChild(ProcessContext ctx, ServerRef sup, List<Object> args) {
        return GenServers.sendRequest(ctx, sup, new SupervisorServer.StartDynamic(args), v -> (Optional<Pid>) v);
    }

    /** Stops a static child by id; it stays listed, to restart or delete. */
    public static void terminateChild(Caller caller, ServerRef sup, String id) {
        call(caller, sup, new SupervisorServer.TerminateChild(id));
    }

    /** Stops a child by pid (a dynamic child is then gone; a static one stays listed). */
    public static void terminateChild(Caller caller, ServerRef sup, Pid child) {
        call(caller, sup, new SupervisorServer.TerminateChild(child));
    }

    /** Starts again a static child that is listed but not running. */
    public static Optional<Pid> restartChild(Caller caller, ServerRef sup, String id) {
        return call(caller, sup, new SupervisorServer.RestartChild(id));
    }

    /** Removes a static child that is not running. */
    public static void deleteChild(Caller caller, ServerRef sup, String id) {
        call(caller, sup, new SupervisorServer.DeleteChild(id));
    }

    /**
     * The children, the most recently added first as OTP lists them: static children in reverse
     * start order (a restart keeps a child's place); a simple-one-for-one supervisor's dynamic
     * children likewise, newest first, and without ids ({@link ChildInfo#id()} is empty).
     */
    public static List<ChildInfo> whichChildren(Caller caller, ServerRef sup) {
        return call(caller, sup, new SupervisorServer.WhichChildren());
    }

    /**
     * As {@link #whichChildren(Caller, ServerRef)}, waiting at most {@code timeout} for the
     * answer ({@code CallTimeoutException} then), for callers that must not hang on a busy
     * supervisor, such as the control channel's {@code tree}.
     */
    public static List<ChildInfo> whichChildren(Caller caller, ServerRef sup, Duration timeout) {
        @SuppressWarnings("unchecked")
        List<ChildInfo> children = (List<ChildInfo>) GenServers.call(caller, sup, new SupervisorServer.WhichChildren(), timeout);
        return children;
    }

    /** The counts of {@link ChildCounts}; {@code specs} is 1 for a simple-one-for-one supervisor. */
    public static ChildCounts countChildren(Caller caller, ServerRef sup) {
        return call(caller, sup, new SupervisorServer.CountChildren());
    }

    /**
     * How often the supervisor has restarted its children, by child id, since it started (an agner
     * addition: OTP keeps no such counts). Every id it has had is listed, 0 if never restarted,
     * in the order the children were added, including children since deleted; a
     * simple-one-for-one supervisor counts all its dynamic children under its template's id. A
     * restart is a start after a failure, the failed child's or, under one-for-all and
     * rest-for-one, a sibling's; a restart that fails and is retried counts once, when it
     * succeeds. The counts live in the supervisor: a supervisor that is itself restarted starts
     * from zero. Per child, see {@link ChildInfo#restarts()}.
     */
    public static Map<String, Long> restarts(Caller caller, ServerRef sup) {
        return call(caller, sup, new SupervisorServer.Restarts());
    }

    /** As {@link #restarts(Caller, ServerRef)}, waiting at most {@code timeout} ({@code CallTimeoutException} then). */
    public static Map<String, Long> restarts(Caller caller, ServerRef sup, Duration timeout) {
        @SuppressWarnings("unchecked")
        Map<String, Long> restarts = (Map<String, Long>) GenServers.call(caller, sup, new SupervisorServer.Restarts(), timeout);
        return restarts;
    }

    /**
     * The supervisor's strategy and restart intensity, as it was started with them (OTP reads
     * them only from {@code sys:get_state}), waiting at most {@code timeout}.
     */
    public static SupFlags flags(Caller caller, ServerRef sup, Duration timeout) {
        return (SupFlags) GenServers.call(caller, sup, new SupervisorServer.Flags(), timeout);
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Caller caller, ServerRef sup, Object request) {
        return (T) GenServers.call(caller, sup, request, FOREVER);
    }
}
