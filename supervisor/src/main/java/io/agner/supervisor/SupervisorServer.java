package io.agner.supervisor;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.behaviour.StartException;
import io.agner.behaviour.StartIgnoredException;
import io.agner.runtime.Clock;
import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's process, a {@link GenServer} as OTP's {@code supervisor} is a gen_server.
 * Runs on the supervisor's process only; its state is mutable but confined to it.
 *
 * <p>Design (after OTP's supervisor.erl):
 * <ul>
 *   <li>Children: kept in the order they were added (a restart keeps a child's place), listed
 *       and stopped in reverse. Each stop monitors the child, unlinks it and drops an already
 *       queued {@code Exit} from it, so a deliberate stop never counts as a failure (nor as a
 *       significant child's ending); then {@code shutdown} (or {@code kill}) and wait for its
 *       {@code Down}.
 *   <li>Exits: a child's {@code Exit} (the supervisor traps exits) is judged by its restart type;
 *       only a child that is restarted counts towards intensity and, for one-for-all and
 *       rest-for-one, touches its siblings. A significant child that is not restarted may stop
 *       the supervisor, by its {@link AutoShutdown} flag.
 *   <li>Intensity: more than {@code intensity} restarts within {@code period} (node clock) stops
 *       every child and the supervisor with {@code shutdown}, so its own supervisor decides.
 *   <li>A restart whose start fails is retried through the mailbox, counting as another restart.
 * </ul>
 */
final class SupervisorServer implements GenServer<SupervisorServer.State> {

    static final Logger LOG = LoggerFactory.getLogger("io.agner.supervisor");

    /** The reason a supervisor exits with when a child fails to start during its own start. */
    record StartFailure(String childId, ExitReason reason) {}

    // Requests (answered with the value, or with an error reply the client's call throws).
    record StartChild(ChildSpec spec) {}

    record StartDynamic(List<Object> args) {}

    record TerminateChild(Object idOrPid) {}

    record RestartChild(String id) {}

    record DeleteChild(String id) {}

    record WhichChildren() {}

    record CountChildren() {}

    record Restarts() {}

    record Flags() {}

    /** A restart that failed, to try again. */
    private record TryAgain(Child child) {}

    /** Identity equality (the children collection relies on it). */
    static final class Child {
        final ChildSpec spec;
        final List<Object> args;
        Pid pid;
        /** Its restart failed and a {@link TryAgain} is queued: it still counts as alive for auto shutdown. */
        boolean restarting;
        /** How often this supervisor started it again after a failure (its own or, by strategy, a sibling's). */
        long restarts;

        Child(ChildSpec spec, List<Object> args) {
            this.spec = spec;
            this.args = args;
        }
    }

    static final class State {
        /**
         * Children in the order they were added. Static ones (a few) in a list; a
         * simple-one-for-one supervisor's dynamic ones (thousands, coming and going) in a linked
         * set, so that adding and removing one is O(1).
         */
        final SequencedCollection<Child> children;
        /** Running children by pid: exits and terminations find their child in O(1), not by a scan of thousands. */
        final Map<Pid, Child> byPid = new HashMap<>();
        final RestartIntensity intensity;
        /**
         * Restarts by child id since this supervisor started, in the order the ids were first
         * added; kept for children since deleted. A simple-one-for-one supervisor's dynamic
         * children all count under the template's id.
         */
        final Map<String, Long> restarts = new LinkedHashMap<>();

        /** Counts a restart of {@code child}. */
        void restarted(Child child) {
            child.restarts++;
            restarts.merge(child.spec.id(), 1L, Long::sum);
        }

        /** Records {@code child}'s (new) pid; call after every start. */
        void started(Child child) {
            child.restarting = false;
            if (child.pid != null) {
                byPid.put(child.pid, child);
            }
        }

        /** Forgets {@code child}'s pid; call before it is cleared. */
        void stopped(Child child) {
            if (child.pid != null) {
                byPid.remove(child.pid, child);
            }
        }

        State(SupFlags flags) {
            intensity = new RestartIntensity(flags.intensity(), flags.period().toNanos());
            children = flags.strategy() == RestartStrategy.SIMPLE_ONE_FOR_ONE ? new LinkedHashSet<>() : new ArrayList<>();
        }
    }

    private final SupFlags flags;
    private final List<ChildSpec> specs;
    private final String name;

    SupervisorServer(SupFlags flags, List<ChildSpec> specs, String name) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.specs = List.copyOf(specs);
        this.name = name;
        List<String> ids = this.specs.stream().map(ChildSpec::id).toList();
        for (String id : ids) {
            if (ids.indexOf(id) != ids.lastIndexOf(id)) {
                throw new IllegalArgumentException("child ids must be unique, '" + id + "' appears twice");
            }
        }
        if (flags.strategy() == RestartStrategy.SIMPLE_ONE_FOR_ONE && this.specs.size() != 1) {
            throw new IllegalArgumentException("a simple-one-for-one supervisor needs exactly one child spec (the template), got " + this.specs.size());
        }
        this.specs.forEach(this::checkSignificance);
    }

    /** OTP's rules for {@code significant}: only with auto shutdown, and never on a permanent child. */
    private void checkSignificance(ChildSpec spec) {
        if (!spec.significant()) {
            return;
        }
        if (flags.autoShutdown() == AutoShutdown.NEVER) {
            throw new IllegalArgumentException("child '" + spec.id()
                    + "' is significant, but the supervisor's autoShutdown is NEVER (see SupFlags.withAutoShutdown)");
        }
        if (spec.restart() == Restart.PERMANENT) {
            throw new IllegalArgumentException("child '" + spec.id()
                    + "' is significant, so it must be TRANSIENT or TEMPORARY, not PERMANENT");
        }
    }

    private boolean dynamic() {
        return flags.strategy() == RestartStrategy.SIMPLE_ONE_FOR_ONE;
    }

    @Override
    public State init(ProcessContext ctx) {
        ctx.setBehaviour("supervisor");
        ctx.trapExit(true);
        State state = new State(flags);
        specs.forEach(spec -> state.restarts.put(spec.id(), 0L));
        if (dynamic()) {
            return state;
        }
        for (ChildSpec spec : specs) {
            Child child = new Child(spec, List.of());
            try {
                child.pid = start(ctx, child);
                state.started(child);
            } catch (Exception e) {
                ExitReason reason = reasonOf(e);
                LOG.error("supervisor {}: child '{}' failed to start: {}; stopping the {} started before it",
                        who(ctx), spec.id(), reason, state.children.size());
                shutdownAll(ctx, state);
                throw new ExitException(ExitReason.shutdown(new StartFailure(spec.id(), reason)));
            }
            if (child.pid != null || spec.restart() != Restart.TEMPORARY) { // OTP keeps no ignored temporary child
                state.children.add(child);
            }
        }
        return state;
    }

    // ---- requests ----------------------------------------------------------------------------

    @Override
    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State state) {
        try {
            return GenServer.reply(answer(ctx, request, state), state);
        } catch (RuntimeException e) {
            return GenServer.replyError(e, state);
        }
    }

    private Object answer(ProcessContext ctx, Object request, State state) {
        return switch (request) {
            case StartChild(ChildSpec spec) -> {
                requireStatic("startChild(spec)");
                checkSignificance(spec);
                find(state, spec.id()).ifPresent(c -> {
                    throw new IllegalArgumentException("child '" + spec.id() + "' is already "
                            + (c.pid == null ? "present (restart or delete it)" : "started as " + c.pid));
                });
                Child child = new Child(spec, List.of());
                child.pid = startOrThrow(ctx, child);
                state.started(child);
                if (child.pid != null || spec.restart() != Restart.TEMPORARY) {
                    state.children.add(child);
                }
                state.restarts.putIfAbsent(spec.id(), 0L);
                yield Optional.ofNullable(child.pid);
            }
            case StartDynamic(List<Object> args) -> {
                if (!dynamic()) {
                    throw new IllegalStateException("startChild(args) is for simple-one-for-one supervisors; this one is " + flags.strategy());
                }
                Child child = new Child(specs.get(0), List.copyOf(args));
                child.pid = startOrThrow(ctx, child);
                state.started(child);
                if (child.pid != null) {
                    state.children.add(child);
                }
                yield Optional.ofNullable(child.pid);
            }
            case TerminateChild(Object idOrPid) -> {
                Optional<Child> found = switch (idOrPid) {
                    case Pid pid -> findPid(state, pid);
                    // all dynamic children share the template's id: OTP answers {error, simple_one_for_one}
                    case String id when dynamic() -> throw new IllegalArgumentException(
                            "a simple-one-for-one supervisor terminates children by pid, not by id, was '" + id + "'");
                    case String id -> find(state, id);
                    default -> throw new IllegalArgumentException("a child is named by its id (String) or pid, was " + idOrPid);
                };
                Child child = found.orElseThrow(() -> new IllegalArgumentException("no child " + idOrPid + " under this supervisor"));
                shutdown(ctx, state, child);
                if (dynamic() || child.spec.restart() == Restart.TEMPORARY) {
                    state.children.remove(child);
                }
                yield "ok";
            }
            case RestartChild(String id) -> {
                requireStatic("restartChild");
                Child child = find(state, id).orElseThrow(() -> new IllegalArgumentException("no child '" + id + "' under this supervisor"));
                if (child.pid != null) {
                    throw new IllegalStateException("child '" + id + "' is running as " + child.pid);
                }
                child.pid = startOrThrow(ctx, child);
                state.started(child);
                yield Optional.ofNullable(child.pid);
            }
            case DeleteChild(String id) -> {
                requireStatic("deleteChild");
                Child child = find(state, id).orElseThrow(() -> new IllegalArgumentException("no child '" + id + "' under this supervisor"));
                if (child.pid != null) {
                    throw new IllegalStateException("child '" + id + "' is running as " + child.pid + "; terminate it first");
                }
                state.children.remove(child);
                yield "ok";
            }
            // OTP lists the most recently added first; dynamic children have no id (OTP's undefined)
            case WhichChildren _ -> state.children.reversed().stream()
                    .map(c -> new ChildInfo(dynamic() ? Optional.empty() : Optional.of(c.spec.id()), Optional.ofNullable(c.pid), c.spec.type(),
                            c.restarts))
                    .toList();
            case Restarts _ -> Collections.unmodifiableMap(new LinkedHashMap<>(state.restarts));
            case Flags _ -> flags;
            case CountChildren _ -> {
                int active = 0;
                int supervisors = 0;
                for (Child child : state.children) {
                    active += child.pid != null ? 1 : 0;
                    supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
                }
                int specs = dynamic() ? 1 : state.children.size(); // a simple-one-for-one supervisor has one spec, its template
                yield new ChildCounts(specs, active, supervisors, state.children.size() - supervisors);
            }
            default -> throw new IllegalArgumentException("not a supervisor request: " + request);
        };
    }

    private void requireStatic(String what) {
        if (dynamic()) {
            throw new IllegalStateException(what + " is not for simple-one-for-one supervisors; use startChild(args) / terminateChild(pid)");
        }
    }

    /**
     * Runs {@code child}'s start: its pid, or null if ignored — the start returned null, or threw
     * {@link StartIgnoredException} (a behaviour's init declined, OTP's {@code ignore}).
     */
    private static Pid start(ProcessContext ctx, Child child) throws Exception {
        try {
            return child.spec.start().start(ctx, child.args);
        } catch (StartIgnoredException ignored) {
            return null;
        }
    }

    private static Pid startOrThrow(ProcessContext ctx, Child child) {
        try {
            return start(ctx, child);
        } catch (Exception e) {
            throw new StartException("child '" + child.spec.id() + "'", reasonOf(e));
        }
    }

    // ---- exits and restarts ------------------------------------------------------------------

    @Override
    public Result<State> handleInfo(ProcessContext ctx, Object message, State state) {
        if (message instanceof Signal.Exit(Pid from, ExitReason reason)) {
            Optional<Child> child = findPid(state, from);
            if (child.isPresent()) {
                return childExited(ctx, state, child.get(), reason);
            }
            return GenServer.noReply(state); // a stale link: not ours (any more)
        }
        if (message instanceof TryAgain(Child child) && child.restarting && state.children.contains(child)) {
            return restart(ctx, state, child, "failed to restart");
        }
        return GenServer.noReply(state);
    }

    private Result<State> childExited(ProcessContext ctx, State state, Child child, ExitReason reason) {
        state.stopped(child);
        child.pid = null;
        Restart restart = child.spec.restart();
        if (restart == Restart.TEMPORARY || (restart == Restart.TRANSIENT && reason.isOrderly())) {
            if (restart == Restart.TEMPORARY || dynamic()) {
                state.children.remove(child);
            }
            if (child.spec.significant() && autoShutdown(state)) {
                LOG.info("supervisor {}: significant child '{}' exited with reason {}; auto shutdown ({}): stopping its children and exiting with shutdown",
                        who(ctx), child.spec.id(), reason, flags.autoShutdown());
                return GenServer.stop(ExitReason.SHUTDOWN, state); // terminate stops the children
            }
            return GenServer.noReply(state);
        }
        return restart(ctx, state, child, "exited with reason " + reason);
    }

    /** Whether a significant child's ending by itself shuts the supervisor down now. */
    private boolean autoShutdown(State state) {
        return switch (flags.autoShutdown()) {
            case NEVER -> false;
            case ANY_SIGNIFICANT -> true;
            // none left running or restarting; a dynamic supervisor's children all share the template's flag
            case ALL_SIGNIFICANT -> dynamic() ? state.children.isEmpty()
                    : state.children.stream().noneMatch(c -> c.spec.significant() && (c.pid != null || c.restarting));
        };
    }

    /** Restarts {@code failed} (and its siblings, by strategy), or gives up; logs exactly one report either way. */
    private Result<State> restart(ProcessContext ctx, State state, Child failed, String why) {
        if (!state.intensity.allow(ctx.node().clock().nanoTime())) {
            LOG.error("supervisor {}: child '{}' {}; more than {} restarts in {}, so shutting down its children and exiting with shutdown",
                    who(ctx), failed.spec.id(), why, flags.intensity(), flags.period());
            shutdownAll(ctx, state);
            return GenServer.stop(ExitReason.SHUTDOWN, state);
        }
        LOG.error("supervisor {}: child '{}' {}; restarting ({})", who(ctx), failed.spec.id(), why, flags.strategy());
        SupervisorRestartEvent.emit(ctx.self(), name, failed.spec.id(), why, flags.strategy());
        List<Child> toStart = switch (flags.strategy()) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> List.copyOf(state.children);
            case REST_FOR_ONE -> state.children.stream().dropWhile(c -> c != failed).toList();
        };
        for (int i = toStart.size() - 1; i >= 0; i--) {
            if (toStart.get(i) != failed) {
                shutdown(ctx, state, toStart.get(i));
            }
        }
        for (Child child : toStart) {
            if (child != failed && child.spec.restart() == Restart.TEMPORARY) {
                state.children.remove(child); // a temporary sibling is stopped, never restarted
                continue;
            }
            try {
                child.pid = start(ctx, child);
                state.started(child);
                if (child.pid != null) {
                    state.restarted(child);
                }
            } catch (Exception e) {
                LOG.error("supervisor {}: restart of child '{}' failed: {}; trying again", who(ctx), child.spec.id(), reasonOf(e));
                child.restarting = true;
                ctx.send(ctx.self(), new TryAgain(child));
                return GenServer.noReply(state);
            }
            if (child.pid == null && dynamic()) {
                state.children.remove(child); // ignored on restart: dropped, as startChild(args) never keeps one
            }
        }
        return GenServer.noReply(state);
    }

    // ---- stopping children -------------------------------------------------------------------

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason, State state) {
        shutdownAll(ctx, state);
    }

    private void shutdownAll(ProcessContext ctx, State state) {
        if (flags.strategy() == RestartStrategy.SIMPLE_ONE_FOR_ONE) {
            shutdownDynamic(ctx, state);
            return;
        }
        for (Child child : state.children.reversed()) {
            shutdown(ctx, state, child);
        }
    }

    /**
     * Stops every dynamic child at once, as OTP's simple-one-for-one does: every child monitored
     * and unlinked first, then all the exit signals, then the exits collected within one shutdown
     * timeout (the template's), then a kill for those still running. A hundred thousand children
     * cost one wait, not one round trip each. The passes are separate so that the first one's
     * checks for an Exit already queued scan only what was there before the signals: Downs of
     * children already told to stop would otherwise pile up in front of each check, and the
     * checks would cost the square of the children.
     */
    private static void shutdownDynamic(ProcessContext ctx, State state) {
        Map<Ref, Pid> running = new HashMap<>();
        Shutdown how = null;
        for (Child child : state.children) {
            child.restarting = false;
            Pid pid = child.pid;
            if (pid == null) {
                continue;
            }
            how = child.spec.shutdown();
            state.stopped(child);
            child.pid = null;
            Ref monitor = ctx.monitor(pid);
            ctx.unlink(pid);
            ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), Duration.ZERO); // already dead: drop its Exit
            running.put(monitor, pid);
        }
        ExitReason reason = how instanceof Shutdown.BrutalKill ? ExitReason.KILL : ExitReason.SHUTDOWN;
        running.values().forEach(pid -> ctx.exit(pid, reason));
        if (how instanceof Shutdown.Timeout(Duration timeout)) {
            Clock clock = ctx.node().clock(); // the node's, so a test's manual clock decides when the kill comes
            long deadline = clock.nanoTime() + timeout.toNanos();
            while (!running.isEmpty()) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - clock.nanoTime()));
                Object down = ctx.receive(m -> m instanceof Signal.Down d && running.containsKey(d.ref()), left).orElse(null);
                if (down == null) {
                    running.values().forEach(pid -> ctx.exit(pid, ExitReason.KILL));
                    break;
                }
                running.remove(((Signal.Down) down).ref());
            }
        }
        while (!running.isEmpty()) {
            Signal.Down d = (Signal.Down) ctx.receive(m -> m instanceof Signal.Down x && running.containsKey(x.ref()));
            running.remove(d.ref());
        }
    }

    /** Stops one child as its spec says (or cancels its pending restart); its exit is not treated as a failure. */
    private static void shutdown(ProcessContext ctx, State state, Child child) {
        child.restarting = false;
        Pid pid = child.pid;
        if (pid == null) {
            return;
        }
        state.stopped(child);
        child.pid = null;
        Ref monitor = ctx.monitor(pid);
        ctx.unlink(pid);
        ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), Duration.ZERO); // already dead: drop its Exit
        switch (child.spec.shutdown()) {
            case Shutdown.BrutalKill _ -> ctx.exit(pid, ExitReason.KILL);
            case Shutdown.Infinity _ -> ctx.exit(pid, ExitReason.SHUTDOWN);
            case Shutdown.Timeout(Duration timeout) -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                if (ctx.receive(m -> isDown(m, monitor), timeout).isPresent()) {
                    return;
                }
                ctx.exit(pid, ExitReason.KILL);
            }
        }
        ctx.receive(m -> isDown(m, monitor));
    }

    private static boolean isDown(Object m, Ref monitor) {
        return m instanceof Signal.Down d && d.ref().equals(monitor);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Optional<Child> find(State state, String id) {
        return state.children.stream().filter(c -> c.spec.id().equals(id)).findFirst();
    }

    private static Optional<Child> findPid(State state, Pid pid) {
        return Optional.ofNullable(state.byPid.get(pid));
    }

    private static ExitReason reasonOf(Exception e) {
        return switch (e) {
            case StartException s -> s.reason();
            case ExitException x -> x.reason();
            default -> ExitReason.error(e);
        };
    }

    private String who(ProcessContext ctx) {
        return name == null ? ctx.self().toString() : ctx.self() + " ('" + name + "')";
    }
}
