package io.agner.bench;

import io.agner.behaviour.From;
import io.agner.runtime.ServerRef;
import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import io.agner.runtime.Trace;
import io.agner.runtime.TraceOptions;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The benchmarks on agner: every participant is an agner process, on one node for the whole
 * suite, started with the scheduler it is given: {@code agner} for {@link SchedulerKind#AGNER}
 * (agner's own carriers; needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}, else the node
 * falls back to the JDK's and {@link #schedulerStats()} says so), {@code agner-jdk} for
 * {@link SchedulerKind#JDK} (the JDK's virtual-thread scheduler). The switch
 * ({@link #switchRun}) and the upgrade ({@link #upgradeRun}) run on fresh nodes with the same scheduler.
 */
final class AgnerSuite implements Suite {

    private static final String READY = "ready";
    private static final String GO = "go";
    private static final String DONE = "done";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final SchedulerKind scheduler;
    private final Node node;
    private SwitchBenchmark switchBenchmark;
    private ChildrenBenchmark childrenBenchmark;
    private UpgradeBenchmark upgradeBenchmark;

    AgnerSuite(SchedulerKind scheduler) {
        this.scheduler = scheduler;
        this.node = Node.start(NodeConfig.DEFAULT.withScheduler(scheduler));
    }

    /** The suite's name for a scheduler: {@code agner} or {@code agner-jdk}. */
    static String nameFor(SchedulerKind scheduler) {
        return switch (scheduler) {
            case AGNER -> "agner";
            case JDK -> "agner-jdk";
        };
    }

    @Override
    public String name() {
        return nameFor(scheduler);
    }

    /** The scheduler this suite asked for (what ran is in {@link #schedulerStats()}). */
    SchedulerKind scheduler() {
        return scheduler;
    }

    /** The suite node's scheduler counters, cumulative since the suite started. */
    SchedulerStats schedulerStats() {
        return node.schedulerStats();
    }

    /** One measured run of the switch end to end ({@link SwitchBenchmark}) on a fresh node with this suite's scheduler. */
    Map<String, Double> switchRun(Path root, int scale) throws IOException {
        if (switchBenchmark == null) {
            switchBenchmark = new SwitchBenchmark(root, scheduler);
        }
        return switchBenchmark.run(scale);
    }

    /** One measured run of the upgrade of N processes ({@link UpgradeBenchmark}) on fresh nodes with this suite's scheduler. */
    /** A simple-one-for-one supervisor at 100 and 100,000 children; see {@link ChildrenBenchmark}. */
    Map<String, Double> childrenRun() throws Exception {
        if (childrenBenchmark == null) {
            childrenBenchmark = new ChildrenBenchmark(scheduler);
        }
        return childrenBenchmark.run();
    }

    Map<String, Double> upgradeRun(Path root) throws Exception {
        if (upgradeBenchmark == null) {
            upgradeBenchmark = new UpgradeBenchmark(root, scheduler);
        }
        return upgradeBenchmark.run();
    }

    /** The scheduler counters of the last switch run's node, if the switch ran. */
    Optional<SchedulerStats> lastSwitchSchedulerStats() {
        return switchBenchmark == null ? Optional.empty() : switchBenchmark.lastSchedulerStats();
    }

    @Override
    public Map<String, Double> spawn(int n) throws Exception {
        CompletableFuture<Map<String, Double>> result = new CompletableFuture<>();
        long before = Heap.usedAfterGc();
        node.spawn(ctx -> {
            Pid self = ctx.self();
            long t0 = System.nanoTime();
            Pid[] pids = new Pid[n];
            for (int i = 0; i < n; i++) {
                pids[i] = ctx.spawn(c -> {
                    c.send(self, READY);
                    c.receive();
                    c.send(self, DONE);
                });
            }
            long spawned = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ctx.receive();
            }
            long m0 = System.nanoTime();
            long bytes = (Heap.usedAfterGc() - before) / n;
            long m1 = System.nanoTime();
            for (Pid p : pids) {
                ctx.send(p, GO);
            }
            for (int i = 0; i < n; i++) {
                ctx.receive();
            }
            long end = System.nanoTime();
            result.complete(Map.of(
                    "spawn_ms", (spawned - t0) / 1e6,
                    "bytes_per_process", (double) bytes,
                    "total_ms", (end - t0 - (m1 - m0)) / 1e6));
        });
        return result.get();
    }

    @Override
    public double ring(int size, int rounds) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        Pid first = node.spawn(ctx -> {
            Pid next = (Pid) ctx.receive();
            long t0 = System.nanoTime();
            for (int lap = 0; lap < rounds; lap++) {
                ctx.send(next, lap);
                ctx.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
            ctx.send(next, DONE);
            ctx.receive();
        });
        Pid next = first;
        for (int i = 1; i < size; i++) {
            Pid to = next;
            next = node.spawn(ctx -> {
                Object m;
                do {
                    m = ctx.receive();
                    ctx.send(to, m);
                } while (m != DONE);
            });
        }
        node.send(first, next);
        return (double) size * rounds / (elapsed.get() / 1e9);
    }

    @Override
    public double pingPong(int roundTrips) throws Exception {
        return pingPong(roundTrips, false);
    }

    /**
     * {@link #pingPong} with the ponger traced (two trace messages per round trip, to a tracer that
     * drains them), with an unlimited budget: what tracing costs while it is on.
     */
    double pingPongTraced(int roundTrips) throws Exception {
        return pingPong(roundTrips, true);
    }

    private double pingPong(int roundTrips, boolean traced) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        Pid ponger = node.spawn(ctx -> {
            while (true) {
                Object m = ctx.receive();
                if (m instanceof Pid from) {
                    ctx.send(from, DONE);
                } else {
                    return;
                }
            }
        });
        if (traced) {
            Pid tracer = node.spawn(ctx -> {
                while (!(ctx.receive() instanceof Trace.Stopped)) {
                    // drain
                }
            });
            node.trace(ponger, new TraceOptions(tracer, Long.MAX_VALUE, Long.MAX_VALUE));
        }
        node.spawn(ctx -> {
            Pid self = ctx.self();
            long t0 = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                ctx.send(ponger, self);
                ctx.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
            ctx.send(ponger, GO);
        });
        return (double) elapsed.get() / roundTrips;
    }

    @Override
    public double fanIn(int producers, int perProducer) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        long total = (long) producers * perProducer;
        Pid consumer = node.spawn(ctx -> {
            long t0 = (Long) ctx.receive(); // the start time, sent just before the producers are released
            for (long i = 0; i < total; i++) {
                ctx.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
        });
        Integer one = 1;
        Pid[] ps = new Pid[producers];
        for (int p = 0; p < producers; p++) {
            ps[p] = node.spawn(ctx -> {
                ctx.receive(); // go
                for (int i = 0; i < perProducer; i++) {
                    ctx.send(consumer, one);
                }
            });
        }
        node.send(consumer, System.nanoTime());
        for (Pid p : ps) {
            node.send(p, GO);
        }
        return total / (elapsed.get() / 1e9);
    }

    @Override
    public double skynet(int leaves) throws Exception {
        CompletableFuture<Long> sum = new CompletableFuture<>();
        long t0 = System.nanoTime();
        node.spawn(ctx -> {
            ctx.spawn(skynetNode(ctx.self(), 0, leaves));
            sum.complete((Long) ctx.receive());
        });
        long got = sum.get();
        long elapsed = System.nanoTime() - t0;
        if (got != Heap.skynetSum(leaves)) {
            throw new IllegalStateException("skynet summed " + got + ", expected " + Heap.skynetSum(leaves));
        }
        return elapsed / 1e6;
    }

    private static ProcessBody skynetNode(Pid parent, long num, long size) {
        return ctx -> {
            if (size == 1) {
                ctx.send(parent, num);
                return;
            }
            long sub = size / 10;
            Pid self = ctx.self();
            for (int i = 0; i < 10; i++) {
                ctx.spawn(skynetNode(self, num + i * sub, sub));
            }
            long total = 0;
            for (int i = 0; i < 10; i++) {
                total += (Long) ctx.receive();
            }
            ctx.send(parent, total);
        };
    }

    @Override
    public Map<String, Double> behaviours(int calls, int restarts) throws Exception {
        Pid server = GenServers.start(node, new Echo());
        CompletableFuture<Long> callNanos = new CompletableFuture<>();
        node.spawn(ctx -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                GenServers.call(ctx, server, GO, CALL_TIMEOUT);
            }
            callNanos.complete(System.nanoTime() - t0);
        });
        double callNs = (double) callNanos.get() / calls;
        GenServers.stop(node, server, ExitReason.NORMAL, CALL_TIMEOUT);

        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1)), List.of(
                ChildSpec.worker("w", (s, args) -> GenServers.startLink(s, new Echo(), "bench_worker"))));
        CompletableFuture<Long> restartNanos = new CompletableFuture<>();
        node.spawn(ctx -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < restarts; i++) {
                Pid old = ctx.node().whereis("bench_worker").orElseThrow();
                ctx.exit(old, ExitReason.KILL);
                while (ctx.node().whereis("bench_worker").filter(p -> !p.equals(old)).isEmpty()) {
                    Thread.yield(); // a process must not hold its carrier while the supervisor restarts the worker
                }
                GenServers.call(ctx, ServerRef.named("bench_worker"), GO, CALL_TIMEOUT);
            }
            restartNanos.complete(System.nanoTime() - t0);
        });
        double restartUs = restartNanos.get() / 1e3 / restarts;
        GenServers.stop(node, sup, ExitReason.SHUTDOWN, CALL_TIMEOUT);
        return Map.of("call_ns", callNs, "restart_us", restartUs);
    }

    /** A server that answers every call with its request. */
    private static final class Echo implements GenServer<Integer> {
        @Override
        public Integer init(ProcessContext ctx) {
            return 0;
        }

        @Override
        public Result<Integer> handleCall(ProcessContext ctx, Object request, From from, Integer state) {
            return GenServer.reply(request, state);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
