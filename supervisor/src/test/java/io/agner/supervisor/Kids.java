package io.agner.supervisor;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.testkit.Probe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test children that report to a {@link Probe}: {@link Started} when they start (from
 * {@code init}, so before the supervisor starts the next one) and, when they trap exits,
 * {@link Stopped} from {@code terminate}. Tell one to exit with {@link ExitWith}.
 */
final class Kids {

    private Kids() {}

    record Started(String id, Pid pid, List<Object> args) {}

    record Stopped(String id, ExitReason reason) {}

    /** Makes a {@link #worker} child exit with {@code reason} ({@code error} reasons: it throws). */
    record ExitWith(ExitReason reason) {}

    /** How a failed child exits, for the restart matrices. */
    enum Exit {
        NORMAL(ExitReason.NORMAL),
        SHUTDOWN(ExitReason.SHUTDOWN),
        SHUTDOWN_WITH_DETAIL(ExitReason.shutdown("rotating")),
        CUSTOM(ExitReason.of("boom")),
        ERROR(ExitReason.error(new IllegalStateException("crash on demand"))),
        KILLED(ExitReason.KILLED);

        final ExitReason reason;

        Exit(ExitReason reason) {
            this.reason = reason;
        }

        /** OTP's rule: permanent always; transient unless normal, shutdown or {shutdown, _}; temporary never. */
        boolean restarts(Restart restart) {
            return restart == Restart.PERMANENT || (restart == Restart.TRANSIENT && !reason.isOrderly());
        }

        /** Makes a {@link #worker} child exit this way ({@code KILLED}: an untrappable kill from outside). */
        void apply(Node node, Pid child) {
            if (this == KILLED) {
                node.exit(child, ExitReason.KILL);
            } else {
                node.send(child, new ExitWith(reason));
            }
        }
    }

    /** A GenServer child; with {@code trap}, it reports {@link Stopped} when it terminates. */
    static ChildStart worker(Probe probe, String id, boolean trap) {
        return (sup, args) -> GenServers.startLink(sup, new Reporter(probe.pid(), id, args, trap));
    }

    static ChildStart worker(Probe probe, String id) {
        return worker(probe, id, false);
    }

    /** A child that traps exits, reports each {@code Exit} it gets as {@link Stopped}, and never exits by itself. */
    static ChildStart stubborn(Probe probe, String id) {
        return (sup, args) -> sup.spawnLink(ctx -> {
            ctx.trapExit(true);
            ctx.send(probe.pid(), new Started(id, ctx.self(), args));
            while (true) {
                if (ctx.receive() instanceof Signal.Exit(Pid from, ExitReason reason)) {
                    ctx.send(probe.pid(), new Stopped(id, reason));
                }
            }
        });
    }

    /** A child whose start fails with {@code message}. */
    static ChildStart failing(String message) {
        return (sup, args) -> {
            throw new IllegalStateException(message);
        };
    }

    record Reporter(Pid probe, String id, List<Object> args, boolean trap) implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            ctx.trapExit(trap);
            ctx.send(probe, new Started(id, ctx.self(), args));
            return id;
        }

        @Override
        public Result<String> handleInfo(ProcessContext ctx, Object message, String state) {
            if (message instanceof ExitWith(ExitReason reason)) {
                if (reason instanceof ExitReason.Error(Throwable cause)) {
                    throw (RuntimeException) cause;
                }
                return GenServer.stop(reason, state);
            }
            return GenServer.noReply(state);
        }

        @Override
        public void terminate(ProcessContext ctx, ExitReason reason, String state) {
            if (trap) {
                ctx.send(probe, new Stopped(id, reason));
            }
        }
    }

    // ---- observing a supervisor --------------------------------------------------------------

    /** A static supervisor's children by id, in whichChildren's order (newest first), with their pids (empty when not running). */
    static Map<String, Optional<Pid>> pids(Node node, Pid sup) {
        Map<String, Optional<Pid>> pids = new LinkedHashMap<>();
        Supervisor.whichChildren(node, sup).forEach(c -> pids.put(c.id().orElseThrow(), c.pid()));
        return pids;
    }

    static Optional<Pid> pidOf(Node node, Pid sup, String id) {
        return Supervisor.whichChildren(node, sup).stream().filter(c -> c.id().equals(Optional.of(id))).findFirst().flatMap(ChildInfo::pid);
    }

    static ChildSpec spec(String id, ChildStart start, Restart restart) {
        return ChildSpec.worker(id, start).withRestart(restart);
    }
}
