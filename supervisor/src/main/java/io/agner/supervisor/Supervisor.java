package io.agner.supervisor;

import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * stopped and it fails with {@code {shutdown, StartFailure}}) and stop in reverse order. Every
 * restart and give-up is logged once to the SLF4J logger {@code io.agner.supervisor}.
 */
public final class Supervisor {

    /** Supervisor calls wait without limit, as OTP's do: stopping children can take long. */
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private Supervisor() {}

    // ---- start -------------------------------------------------------------------------------

    public static Pid start(ProcessContext ctx, SupFlags flags, List<ChildSpec> children) {
        return GenServers.start(ctx, new SupervisorServer(flags, children, null));
    }

    public static Pid start(ProcessContext ctx, SupFlags flags, List<ChildSpec> children, String name) {
        return GenServers.start(ctx, new SupervisorServer(flags, children, name), name);
    }

    /** Starts a supervisor linked to the caller, which becomes its parent: its exit stops the supervisor's tree. */
    public static Pid startLink(ProcessContext ctx, SupFlags flags, List<ChildSpec> children) {
        return GenServers.startLink(ctx, new SupervisorServer(flags, children, null));
    }

    public static Pid startLink(ProcessContext ctx, SupFlags flags, List<ChildSpec> children, String name) {
        return GenServers.startLink(ctx, new SupervisorServer(flags, children, name), name);
    }

    public static Pid start(Node node, SupFlags flags, List<ChildSpec> children) {
        return GenServers.start(node, new SupervisorServer(flags, children, null));
    }

    public static Pid start(Node node, SupFlags flags, List<ChildSpec> children, String name) {
        return GenServers.start(node, new SupervisorServer(flags, children, name), name);
    }

    // ---- children ----------------------------------------------------------------------------

    /** Adds and starts a child (not for simple-one-for-one); empty if its start returned null (ignored). */
    public static Optional<Pid> startChild(ProcessContext ctx, Object sup, ChildSpec spec) {
        return call(ctx, sup, new SupervisorServer.StartChild(spec));
    }

    /** Starts a dynamic child of a simple-one-for-one supervisor's template with {@code args}. */
    public static Optional<Pid> startChild(ProcessContext ctx, Object sup, List<Object> args) {
        return call(ctx, sup, new SupervisorServer.StartDynamic(args));
    }

    /** Stops a child by id (static) or pid (dynamic); a static one stays listed, to restart or delete. */
    public static void terminateChild(ProcessContext ctx, Object sup, Object idOrPid) {
        call(ctx, sup, new SupervisorServer.TerminateChild(idOrPid));
    }

    /** Starts again a static child that is listed but not running. */
    public static Optional<Pid> restartChild(ProcessContext ctx, Object sup, String id) {
        return call(ctx, sup, new SupervisorServer.RestartChild(id));
    }

    /** Removes a static child that is not running. */
    public static void deleteChild(ProcessContext ctx, Object sup, String id) {
        call(ctx, sup, new SupervisorServer.DeleteChild(id));
    }

    public static List<ChildInfo> whichChildren(ProcessContext ctx, Object sup) {
        return call(ctx, sup, new SupervisorServer.WhichChildren());
    }

    public static ChildCounts countChildren(ProcessContext ctx, Object sup) {
        return call(ctx, sup, new SupervisorServer.CountChildren());
    }

    public static Optional<Pid> startChild(Node node, Object sup, ChildSpec spec) {
        return call(node, sup, new SupervisorServer.StartChild(spec));
    }

    public static Optional<Pid> startChild(Node node, Object sup, List<Object> args) {
        return call(node, sup, new SupervisorServer.StartDynamic(args));
    }

    public static void terminateChild(Node node, Object sup, Object idOrPid) {
        call(node, sup, new SupervisorServer.TerminateChild(idOrPid));
    }

    public static Optional<Pid> restartChild(Node node, Object sup, String id) {
        return call(node, sup, new SupervisorServer.RestartChild(id));
    }

    public static void deleteChild(Node node, Object sup, String id) {
        call(node, sup, new SupervisorServer.DeleteChild(id));
    }

    public static List<ChildInfo> whichChildren(Node node, Object sup) {
        return call(node, sup, new SupervisorServer.WhichChildren());
    }

    public static ChildCounts countChildren(Node node, Object sup) {
        return call(node, sup, new SupervisorServer.CountChildren());
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(ProcessContext ctx, Object sup, Object request) {
        return (T) unwrap(GenServers.call(ctx, sup, request, FOREVER));
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Node node, Object sup, Object request) {
        return (T) unwrap(GenServers.call(node, sup, request, FOREVER));
    }

    private static Object unwrap(Object answer) {
        if (answer instanceof SupervisorServer.Failure(RuntimeException cause)) {
            throw cause;
        }
        return answer;
    }
}
