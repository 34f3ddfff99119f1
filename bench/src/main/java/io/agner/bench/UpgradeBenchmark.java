package io.agner.bench;

import io.agner.behaviour.GenServers;
import io.agner.hotswap.CodeServer;
import io.agner.hotswap.Upgrade;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.SchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The live upgrade of N processes on one module (issue 15), run from the harness's main thread
 * only: the suspension window of {@code CodeServer.load} upgrading N counters from version 1 to 2,
 * beside Erlang's {@code sys:suspend} → {@code sys:change_code} → {@code sys:resume} on N
 * gen_servers (benchmark 7 in {@code bench/erlang/agner_bench.erl}, where the metrics are defined).
 *
 * <p>One run, for each N in {@link #SIZES} (the same in quick mode: they are cheap, and the metric
 * names carry N), on a fresh node with the suite's scheduler: start the code server, load
 * {@value #V1_PATH} ({@code counter@1}, the live-upgrade example's counter: its state a record of
 * one long), start N processes on it with {@code CodeServer.startLink} from one parent process,
 * cast {@code "incr"} to process i (i mod 4) times and check each one's answer; then, timed,
 * {@code CodeServer.load} of {@value #V2_PATH} ({@code counter@2}: the record gains a second long,
 * filled by the code server's by-name conversion). Reported:
 * <ul>
 *   <li>{@code window_us_N}: the largest {@code paused()} of the {@code Upgrade}'s processes (each
 *       process's own time from handling the upgrade's prepare to handling its commit): the
 *       longest time any process of the module did not serve its messages.</li>
 *   <li>{@code load_ms_N}: the whole {@code load} call as the caller sees it: reading and
 *       validating the jar, loading its entry class, diffing the state records, the upgrade.</li>
 * </ul>
 * A run counts only if the upgrade committed, every one of the N processes was upgraded, and each
 * then answers with version 2's reply and its own count; otherwise it throws.
 *
 * <p>Run: {@code make bench BENCH_ARGS="--only upgrade --no-jmh"} from the repository root (the
 * jars are built by {@code make build}; add {@code --no-erlang} for agner alone, {@code --suites
 * agner} for one scheduler). Compares against Erlang/OTP; the goal is a window at 10,000 processes
 * of at most half of Erlang's.
 *
 * <p>Every call into the code server and the behaviours' client API is in {@link #upgrade} and
 * {@link Counters}.
 */
final class UpgradeBenchmark {

    static final String V1_PATH = "examples/counter-v1/target/counter-1.jar";
    static final String V2_PATH = "examples/counter-v2/target/counter-2.jar";
    static final String MODULE = "counter";

    /** The numbers of processes upgraded, one upgrade each per run. */
    static final List<Integer> SIZES = List.of(1, 1_000, 10_000);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Path v1;
    private final Path v2;
    private final SchedulerKind scheduler;

    /** The upgrade on nodes started with {@code scheduler}, its jars under {@code root}. */
    UpgradeBenchmark(Path root, SchedulerKind scheduler) {
        this.v1 = root.resolve(V1_PATH);
        this.v2 = root.resolve(V2_PATH);
        this.scheduler = scheduler;
        for (Path jar : List.of(v1, v2)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("the upgrade benchmark needs the counter module's jar at "
                        + jar.toAbsolutePath().normalize() + ": run 'make build' first, and run the bench from the repository root");
            }
        }
    }

    /** One measured run: {@code window_us_N} and {@code load_ms_N} for every N in {@link #SIZES}. */
    Map<String, Double> run() throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int n : SIZES) {
            out.putAll(run(n));
        }
        return out;
    }

    private Map<String, Double> run(int n) throws Exception {
        try (Node node = Node.start(NodeConfig.DEFAULT.withScheduler(scheduler))) {
            Counters counters = Counters.start(node, v1, n);
            counters.check("v1: count=%d");
            long t0 = System.nanoTime();
            Upgrade upgrade = upgrade(node, v2);
            long loadNanos = System.nanoTime() - t0;
            counters.check("v2: count=%d, calls answered since the upgrade=1");
            return Map.of("window_us_" + n, windowNanos(upgrade, n) / 1e3, "load_ms_" + n, loadNanos / 1e6);
        }
    }

    /** Loads {@code jar}: the timed part. */
    private static Upgrade upgrade(Node node, Path jar) {
        return CodeServer.load(node, jar);
    }

    /** The longest pause of the upgrade's processes; throws unless it committed and upgraded all {@code n}. */
    private static long windowNanos(Upgrade upgrade, int n) {
        List<Upgrade.ProcessResult> processes = upgrade.processes();
        List<Upgrade.ProcessResult> notUpgraded = processes.stream().filter(p -> !p.upgraded()).toList();
        if (!upgrade.committed() || processes.size() != n || !notUpgraded.isEmpty()) {
            throw new IllegalStateException("the upgrade of " + n + " processes failed: committed " + upgrade.committed()
                    + ", " + processes.size() + " processes, failure " + upgrade.failure() + ", not upgraded "
                    + notUpgraded.stream().limit(5).toList());
        }
        return processes.stream().mapToLong(p -> p.paused().toNanos()).max().orElseThrow();
    }

    /**
     * N processes on {@value #MODULE}, linked to one parent process that lives as long as the
     * node and runs the steps that must run in a process ({@link #inParent}).
     */
    private static final class Counters {

        /** A step for the parent, and where its result goes. */
        private record Step(Function<ProcessContext, Object> body, CompletableFuture<Object> result) {}

        private final Node node;
        private final Pid parent;
        private List<Pid> pids = List.of();

        private Counters(Node node) {
            this.node = node;
            this.parent = node.spawn(ctx -> {
                while (true) {
                    if (ctx.receive() instanceof Step(var body, var result)) {
                        try {
                            result.complete(body.apply(ctx));
                        } catch (RuntimeException | Error e) {
                            result.completeExceptionally(e);
                        }
                    }
                }
            });
        }

        /**
         * Starts the code server, loads {@code v1}, starts {@code n} processes on it and casts
         * {@code "incr"} to process i (i mod 4) times.
         */
        static Counters start(Node node, Path v1, int n) throws Exception {
            CodeServer.start(node);
            CodeServer.load(node, v1);
            Counters counters = new Counters(node);
            counters.pids = List.copyOf(counters.inParent(ctx -> {
                List<Pid> started = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Pid pid = CodeServer.startLink(ctx, MODULE, List.of());
                    for (int k = 0; k < i % 4; k++) {
                        GenServers.cast(ctx, pid, "incr");
                    }
                    started.add(pid);
                }
                return started;
            }));
            return counters;
        }

        /** Calls every process; process i must answer {@code expected} formatted with its count, i mod 4. */
        void check(String expected) throws Exception {
            inParent(ctx -> {
                for (int i = 0; i < pids.size(); i++) {
                    Object answer = GenServers.call(ctx, pids.get(i), "get", CALL_TIMEOUT);
                    String want = expected.formatted(i % 4);
                    if (!want.equals(answer)) {
                        throw new IllegalStateException("counter " + i + " (" + pids.get(i) + ") answered '" + answer
                                + "', expected '" + want + "'");
                    }
                }
                return null;
            });
        }

        /** Runs {@code body} in the parent process and returns its result (or throws what it threw). */
        @SuppressWarnings("unchecked")
        private <T> T inParent(Function<ProcessContext, T> body) throws Exception {
            CompletableFuture<Object> result = new CompletableFuture<>();
            node.send(parent, new Step(body::apply, result));
            try {
                return (T) result.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
