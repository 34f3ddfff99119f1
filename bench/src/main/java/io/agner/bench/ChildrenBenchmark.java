package io.agner.bench;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.SchedulerKind;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.ChildStart;
import io.agner.supervisor.Restart;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A simple-one-for-one supervisor at scale (issue 16: supervisors that scale): what one dynamic
 * child's start, exit and {@code terminateChild} cost beside 100 other children and beside
 * 100,000, and how long the supervisor takes to stop 100,000. Agner only (no Erlang, Pekko or
 * baseline version). Run from the harness's main thread only.
 *
 * <p>One run, for each N in {@link #SIZES}, on a fresh node with the suite's scheduler: a
 * supervisor whose template is a temporary child that idles until told to exit; N children
 * started first (not timed); then, from one process, {@link #OPS} more children started
 * ({@code start_us_N}, per child), each told to exit and the supervisor's bookkeeping of those
 * exits awaited by asking {@code countChildren} until they are all gone ({@code exit_us_N}, per child),
 * {@link #OPS} more started and stopped with {@code terminateChild} ({@code terminate_us_N}, per
 * child, the starts not timed); last, the supervisor stopped with all N children
 * ({@code shutdown_ms_N}).
 */
final class ChildrenBenchmark {

    static final int[] SIZES = {100, 100_000};
    static final int OPS = 5_000;

    private static final Object EXIT = "exit";

    /** A temporary child that idles until it is told to exit (normally: not restarted). */
    private static final ChildStart IDLE = (sup, args) -> sup.spawnLink(ctx -> ctx.receive(EXIT::equals));

    private final SchedulerKind scheduler;

    ChildrenBenchmark(SchedulerKind scheduler) {
        this.scheduler = scheduler;
    }

    Map<String, Double> run() throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (int n : SIZES) {
            try (Node node = Node.start(NodeConfig.DEFAULT.withScheduler(scheduler))) {
                out.putAll(at(node, n));
            }
        }
        return out;
    }

    private static Map<String, Double> at(Node node, int n) throws Exception {
        Pid sup = Supervisor.start(node, new SupFlags(RestartStrategy.SIMPLE_ONE_FOR_ONE, 1, Duration.ofSeconds(5)),
                List.of(ChildSpec.worker("idle", IDLE).withRestart(Restart.TEMPORARY)));
        inProcess(node, ctx -> {
            for (int i = 0; i < n; i++) {
                Supervisor.startChild(ctx, sup, List.of());
            }
            return null;
        });
        Map<String, Double> out = new HashMap<>(inProcess(node, ctx -> {
            List<Pid> pids = new ArrayList<>(OPS);
            long t0 = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                pids.add(Supervisor.startChild(ctx, sup, List.of()).orElseThrow());
            }
            long t1 = System.nanoTime();
            pids.forEach(pid -> ctx.send(pid, EXIT));
            while (Supervisor.countChildren(ctx, sup).active() != n) {
                // until the supervisor has handled every exit (each count queues behind those that came first)
            }
            long t2 = System.nanoTime();
            pids.clear();
            for (int i = 0; i < OPS; i++) {
                pids.add(Supervisor.startChild(ctx, sup, List.of()).orElseThrow());
            }
            long t3 = System.nanoTime();
            pids.forEach(pid -> Supervisor.terminateChild(ctx, sup, pid));
            long t4 = System.nanoTime();
            return Map.of("start_us_" + n, (t1 - t0) / 1e3 / OPS, "exit_us_" + n, (t2 - t1) / 1e3 / OPS,
                    "terminate_us_" + n, (t4 - t3) / 1e3 / OPS);
        }));
        long shutdownNanos = inProcess(node, ctx -> {
            long t0 = System.nanoTime();
            GenServers.stop(ctx, sup, ExitReason.SHUTDOWN, Duration.ofMinutes(5)); // returns once it has exited
            return System.nanoTime() - t0;
        });
        out.put("shutdown_ms_" + n, shutdownNanos / 1e6);
        return out;
    }

    /** Runs {@code action} in a process of the node (on its carriers) and returns its result here. */
    private static <T> T inProcess(Node node, Function<ProcessContext, T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(ctx -> {
            try {
                result.complete(action.apply(ctx));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get();
    }
}
