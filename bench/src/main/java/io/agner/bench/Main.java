package io.agner.bench;

import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.agner.cli.CommandLines;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench}: the process benchmarks on agner (on its own scheduler, {@code agner}, and on
 * the JDK's, {@code agner-jdk}), on Apache Pekko typed ({@link PekkoSuite}), on a bare
 * virtual-thread baseline and on Erlang/OTP, in one run on one machine, with the behaviours (not
 * on the baseline), the live upgrade of N processes (agner on both schedulers and Erlang,
 * {@link UpgradeBenchmark}) and the telephone switch end to end (agner on both schedulers only,
 * {@link SwitchBenchmark}: n/a in the other columns), then the JMH micro-benchmarks; prints the
 * values side by side, then agner's ratios to each and its goals met or missed (median and min–max
 * of the measured runs), then which scheduler really ran each agner node and its counters, and
 * writes it all to {@code bench/results/}.
 *
 * <p>Full mode: benchmark by benchmark, one warm-up run, then 5 measured runs, the JVM's systems
 * interleaved run by run (agner, agner-jdk, pekko, baseline); Erlang runs afterwards in its own VM.
 * {@code BENCH_QUICK=1}: one run of everything at a tenth of the size, no warm-up.
 *
 * <p>agner's own scheduler needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} on the
 * {@code java} command line; without it the {@code agner} node falls back to the JDK's scheduler
 * (with a WARN), and the report's scheduler lines say so.
 *
 * <p>Run: {@code make bench} (or {@code BENCH_QUICK=1 make bench}). To run some benchmarks alone,
 * after {@code make build}: {@code java --add-opens java.base/java.lang=ALL-UNNAMED -Xms4g -Xmx4g
 * -XX:+UseParallelGC -cp bench/target/classes:$(cat bench/target/classpath.txt) io.agner.bench.Main
 * --only ring,ping-pong --no-erlang --no-jmh} (benchmarks: spawn, ring, ping-pong, ping-pong-traced, fan-in, skynet,
 * behaviours, children, upgrade, switch; Erlang runs those of them it has); {@code --suites agner,pekko}
 * runs some of the JVM's systems only (agner, agner-jdk, pekko, baseline; default all). With
 * {@code make}: {@code make bench BENCH_ARGS="--only switch --no-erlang --no-jmh"}.
 * {@code --profile} adds one unmeasured switch run under JDK Flight Recorder and its summary
 * ({@link SwitchProfile}).
 */
public final class Main {

    private Main() {}

    /** The JVM's systems, in the order they run and are reported. */
    static final List<String> SUITES = List.of(Report.AGNER, Report.AGNER_JDK, Report.PEKKO, Report.BASELINE);

    public static void main(String[] args) throws Exception {
        boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
        int runs = quick ? 1 : 5;
        int warmups = quick ? 0 : 1;
        int scale = quick ? 10 : 1;
        Options options;
        switch (Options.parse(new java.io.PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8), args)) {
            case CommandLines.Parsed.Exit<Options>(int status) -> {
                System.exit(status);
                return;
            }
            case CommandLines.Parsed.Run<Options>(Options parsed) -> options = parsed;
        }
        Path root = Path.of(".");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<String> profile = List.of();
        List<String> schedulers = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        List<String> fallbacks = new ArrayList<>();

        System.out.printf("agner bench (%s): %d warm-up + %d measured runs per benchmark; systems %s%n",
                quick ? "quick, 1/10 size" : "full", warmups, runs, String.join(", ", options.suites()));
        Samples samples = new Samples();

        // Benchmark by benchmark, so one's JIT profile and garbage do not tax the next one's runs
        // (the behaviours benchmark, run in between, cost spawn ~200 bytes per process and skynet 2x).
        List<Suite> suites = new ArrayList<>();
        try {
            // Only the agner suites when only benchmarks without a Pekko or baseline version (the upgrade, the switch)
            // run: no idle actor system beside them.
            boolean allSystems = GROUPS.stream().anyMatch(g -> g.scope().pekkoAndBaseline() && options.runs(g.name()));
            for (String name : options.suites()) {
                if (allSystems || name.equals(Report.AGNER) || name.equals(Report.AGNER_JDK)) {
                    suites.add(create(name));
                }
            }
            suites.forEach(suite -> ran.add(suite.name()));
            List<Suite> agners = suites.stream().filter(s -> s instanceof AgnerSuite).toList();
            for (Group group : GROUPS) {
                if (!options.runs(group.name())) {
                    continue;
                }
                List<Suite> systems = group.scope().pekkoAndBaseline() ? suites : agners;
                for (int run = 0; run < warmups + runs; run++) {
                    boolean measured = run >= warmups;
                    for (Suite suite : systems) {
                        Map<String, Double> values = group.measure().run(suite, root, scale);
                        System.out.printf("  %-9s %-10s run %d%s: %s%n", suite.name(), group.name(), run + 1,
                                measured ? "" : " (warm-up)", values);
                        if (measured) {
                            samples.addAll(suite.name(), values);
                        }
                    }
                }
                if (group.name().equals(SWITCH) && options.profile() && !agners.isEmpty()) {
                    AgnerSuite first = (AgnerSuite) agners.getFirst();
                    System.out.printf("  %-9s switch     profiled run (JFR, not measured)%n", first.name());
                    Path dir = Files.createDirectories(root.resolve("bench/results"));
                    profile = new SwitchProfile(dir).record(new SwitchBenchmark(root, first.scheduler()), scale, stamp);
                }
            }
            for (Suite suite : agners) {
                AgnerSuite a = (AgnerSuite) suite;
                SchedulerStats stats = a.schedulerStats();
                schedulers.add(Report.schedulerLine(a.name(), a.scheduler(), stats));
                if (stats.kind() != a.scheduler()) {
                    fallbacks.add(String.format("the %s column asked for the %s scheduler but ran on %s", a.name(), a.scheduler(), stats.kind()));
                }
                a.lastSwitchSchedulerStats().ifPresent(st ->
                        schedulers.add(Report.schedulerLine(a.name() + " switch (last run's node)", a.scheduler(), st)));
            }
        } finally {
            closeAll(suites);
        }

        ErlangRunner.Outcome erlang = new ErlangRunner.Outcome(java.util.Optional.empty(), "Erlang not run (--no-erlang)");
        List<String> erlangBenchmarks = GROUPS.stream().filter(g -> g.scope().erlang() && options.runs(g.name()))
                .map(Group::name).toList();
        if (options.erlang() && erlangBenchmarks.isEmpty()) {
            erlang = new ErlangRunner.Outcome(java.util.Optional.empty(), "Erlang not run: the selected benchmarks have no Erlang version");
        } else if (options.erlang()) {
            System.out.println("erlang: compiling and running bench/erlang/agner_bench.erl");
            erlang = new ErlangRunner(root.resolve("bench/erlang/agner_bench.erl"), root.resolve("bench/target/erlang"))
                    .run(quick, runs, erlangBenchmarks, samples);
        }

        Collection<RunResult> micro = options.jmh() ? runJmh(quick) : List.of();

        Report report = header(quick, runs, warmups, erlang, ran);
        for (String f : fallbacks) {
            report.line("WARNING: %s (see 'Schedulers' below: is --add-opens java.base/java.lang=ALL-UNNAMED missing?)", f);
        }
        report.line("").line("Process benchmarks (definitions identical in every system; lower ms/ns/us/bytes is better, higher /s is better).")
                .line("  agner = agner on its own scheduler, agner-jdk = agner on the JDK's virtual-thread scheduler,")
                .line("  Pekko = Apache Pekko typed actors (default dispatcher), baseline = bare virtual threads and JCTools queues:");
        report.processTable(samples, erlang.erts().isPresent());
        if (options.runs(SWITCH)) {
            report.line("").line("switch: agner only (agner and agner-jdk), no Erlang, Pekko or baseline version (n/a). events_per_s = events in")
                    .line("  the log / seconds from SwitchApp.start until every event is consumed and committed and every CDR durably appended")
                    .line("  (fsync always); exchange_events_per_s stops the clock when the exchange has read the last event; switch_cpu_cores")
                    .line("  = the JVM's CPU time / that wall time. read_ (a consumer polling every event), decode_ (EventCodec.decode of every")
                    .line("  event) and append_ (generate and durably append the traffic) are the stages timed alone, one thread each.")
                    .line("  The traffic is split over N exchange areas (areas: one per core, each its own trunk group and partition);")
                    .line("  switch_vs_append = events_per_s / append_events_per_s of the same run (goal >= 0.5); areas_within_erlang_b =")
                    .line("  areas whose measured blocking is within the 95%% interval of Erlang B's; bytes_per_active_line and")
                    .line("  bytes_per_subscriber = heap growth over the run (after full GCs, the switch idle) / active lines or subscribers.");
        }
        if (options.runs(CHILDREN)) {
            report.line("").line("children: agner only; a simple-one-for-one supervisor with N idle temporary children: one more child's")
                    .line("  start (start_us_N), exit handled by the supervisor (exit_us_N) and terminateChild (terminate_us_N), each")
                    .line("  the mean of " + ChildrenBenchmark.OPS + "; stopping the supervisor with its N children (shutdown_ms_N). At 100,000 the per-child")
                    .line("  costs should equal those at 100 (O(1) bookkeeping).");
        }
        if (options.runs(UPGRADE)) {
            report.line("").line("upgrade: agner and Erlang (no Pekko or baseline version: n/a); N processes of one module, each with a small")
                    .line("  state, upgraded live (agner: CodeServer.load of counter@2; Erlang: sys:suspend each, sys:change_code each,")
                    .line("  sys:resume each). window_us_N = the longest time any process was suspended (agner: as the process measures")
                    .line("  it, prepare to commit; Erlang: from its sys:suspend returning to its sys:resume returning); span_us_N")
                    .line("  (Erlang only) = first suspend -> last resume;")
                    .line("  load_ms_N (agner only) = the whole load call, validation included. Goal: window at 10,000 <= 0.5x Erlang's.");
        }
        if (!schedulers.isEmpty()) {
            report.line("").line("Schedulers that ran agner (counters since the suite's node started, i.e. over the whole bench):");
            schedulers.forEach(l -> report.line("  %s", l));
        }
        if (!profile.isEmpty()) {
            report.line("").line("Switch profile (JDK Flight Recorder, one extra unmeasured run):");
            profile.forEach(l -> report.line("  %s", l));
        }
        if (!erlang.note().isEmpty()) {
            report.line("").line("Note: %s", erlang.note());
        }
        report.line("").line("JMH micro-benchmarks (score ± 99.9%% error):");
        for (RunResult r : micro) {
            var p = r.getPrimaryResult();
            report.line("  %-60s %10.1f ± %6.1f %s", r.getParams().getBenchmark(), p.getScore(), p.getScoreError(), p.getScoreUnit());
        }
        System.out.println();
        System.out.print(report);
        Path file = write(root, report, stamp);
        System.out.println("\nWritten to " + file);
    }

    private static Suite create(String name) {
        return switch (name) {
            case Report.AGNER -> new AgnerSuite(SchedulerKind.AGNER);
            case Report.AGNER_JDK -> new AgnerSuite(SchedulerKind.JDK);
            case Report.PEKKO -> new PekkoSuite();
            case Report.BASELINE -> new BaselineSuite();
            default -> throw new IllegalArgumentException("no suite named " + name);
        };
    }

    /** Closes every suite, the last started first; the first failure is thrown, the others suppressed into it. */
    private static void closeAll(List<Suite> suites) {
        RuntimeException failure = null;
        for (Suite s : suites.reversed()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One benchmark: its name (for {@code --only}, and Erlang's name for it), one measured run of
     * it on a suite at a scale, and which systems have it (Pekko and the baseline or the agner suites
     * alone; Erlang or not).
     */
    private record Group(String name, Measure measure, Scope scope) {
        Group(String name, Measure measure) {
            this(name, measure, Scope.EVERY_SYSTEM);
        }
    }

    private static final String SWITCH = "switch";
    private static final String UPGRADE = "upgrade";
    private static final String CHILDREN = "children";
    private static final String PING_PONG_TRACED = "ping-pong-traced";

    @FunctionalInterface
    private interface Measure {
        Map<String, Double> run(Suite suite, Path root, int scale) throws Exception;
    }

    private static final List<Group> GROUPS = List.of(
            new Group("spawn", (s, root, scale) -> s.spawn(1_000_000 / scale)),
            new Group("ring", (s, root, scale) -> Map.of(
                    "hops_per_s_1000x1000", s.ring(1_000, 1_000 / scale),
                    "hops_per_s_10000x100", s.ring(10_000, 100 / scale))),
            new Group("ping-pong", (s, root, scale) -> Map.of("ns_per_roundtrip", s.pingPong(1_000_000 / scale))),
            // ping-pong with the ponger traced: what tracing costs while on (ping-pong above is the cost while off)
            new Group(PING_PONG_TRACED, (s, root, scale) -> Map.of("traced_ns_per_roundtrip",
                    ((AgnerSuite) s).pingPongTraced(1_000_000 / scale)), Scope.AGNER_ONLY),
            new Group("fan-in", (s, root, scale) -> Map.of(
                    "msgs_per_s_2", s.fanIn(2, 1_000_000 / scale),
                    "msgs_per_s_16", s.fanIn(16, 1_000_000 / scale))),
            new Group("skynet", (s, root, scale) -> Map.of("wall_ms", s.skynet(1_000_000 / scale))),
            new Group("behaviours", (s, root, scale) -> s.behaviours(100_000 / scale, 10_000 / scale)),
            // The same N in quick mode (the names carry N): see ChildrenBenchmark and UpgradeBenchmark.
            new Group(CHILDREN, (s, root, scale) -> ((AgnerSuite) s).childrenRun(), Scope.AGNER_ONLY),
            new Group(UPGRADE, (s, root, scale) -> ((AgnerSuite) s).upgradeRun(root), Scope.AGNER_AND_ERLANG),
            new Group(SWITCH, (s, root, scale) -> ((AgnerSuite) s).switchRun(root, scale), Scope.AGNER_ONLY));

    /** The benchmarks' names, as {@code --only} takes them. */
    static final List<String> BENCHMARKS = GROUPS.stream().map(Group::name).toList();

    /**
     * Command-line options: {@code --only a,b} (benchmarks), {@code --suites a,b} (the JVM's
     * systems, run in {@link #SUITES}' order whatever the order given), {@code --no-erlang},
     * {@code --no-jmh}, {@code --profile}. Parsed by picocli ({@link #parse}).
     */
    record Options(java.util.Set<String> only, List<String> suites, boolean erlang, boolean jmh, boolean profile) {

        /** Parses the bench's command line; see {@link CommandLines#parse}. */
        static CommandLines.Parsed<Options> parse(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
            return CommandLines.parse(new Spec(), out, err, args);
        }

        boolean runs(String benchmark) {
            return only.isEmpty() || only.contains(benchmark);
        }
    }

    @Command(name = "agner-bench", sortOptions = false,
            description = {"The process benchmarks on agner, Pekko, a virtual-thread baseline and Erlang/OTP, the live upgrade,"
                    + " the switch, then the JMH micro-benchmarks (make bench BENCH_ARGS=\"...\"; BENCH_QUICK=1 for a 1/10-size run)."})
    static final class Spec implements CommandLines.Spec<Options> {

        @Option(names = "--only", paramLabel = "NAMES", split = ",",
                description = "run these benchmarks only, comma-separated: ${COMPLETION-CANDIDATES} (default: all)",
                completionCandidates = BenchmarkNames.class)
        List<String> only = List.of();

        @Option(names = "--suites", paramLabel = "NAMES", split = ",",
                description = "the JVM's systems to run, comma-separated: ${COMPLETION-CANDIDATES} (default: all)",
                completionCandidates = SuiteNames.class)
        List<String> suites = SUITES;

        @Option(names = "--no-erlang", description = "do not run Erlang/OTP")
        boolean noErlang;

        @Option(names = "--no-jmh", description = "do not run the JMH micro-benchmarks")
        boolean noJmh;

        @Option(names = "--profile", description = "add one unmeasured switch run under JDK Flight Recorder")
        boolean profile;

        @Override
        public Options options() {
            for (String name : only) {
                if (!BENCHMARKS.contains(name.trim())) {
                    throw new IllegalArgumentException("--only: unknown benchmark '" + name + "'; the benchmarks are "
                            + String.join(", ", BENCHMARKS));
                }
            }
            java.util.Set<String> benchmarks = only.stream().map(String::trim).collect(Collectors.toUnmodifiableSet());
            return new Options(benchmarks, suites(suites), !noErlang, !noJmh, profile);
        }

        private static List<String> suites(List<String> list) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            for (String n : list) {
                String name = n.trim();
                if (name.equals(Report.ERLANG)) {
                    throw new IllegalArgumentException("--suites names the JVM's systems (" + String.join(", ", SUITES)
                            + "); Erlang runs unless --no-erlang is given");
                }
                if (!SUITES.contains(name)) {
                    throw new IllegalArgumentException("--suites: unknown suite '" + name + "'; the suites are "
                            + String.join(", ", SUITES));
                }
                names.add(name);
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("--suites needs at least one of " + String.join(", ", SUITES));
            }
            return SUITES.stream().filter(names::contains).toList();
        }
    }

    /** {@code --only}'s names, for the help and shell completion. */
    static final class BenchmarkNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BENCHMARKS.iterator();
        }
    }

    /** {@code --suites}' names, for the help and shell completion. */
    static final class SuiteNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SUITES.iterator();
        }
    }

    private static Collection<RunResult> runJmh(boolean quick) throws RunnerException {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return new Runner(new OptionsBuilder()
                .include("io\\.agner\\..*Benchmark")
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .build()).run();
    }

    private static Report header(boolean quick, int runs, int warmups, ErlangRunner.Outcome erlang, List<String> systems) {
        var rt = ManagementFactory.getRuntimeMXBean();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return new Report()
                .line("agner bench, %s", LocalDateTime.now().withNano(0))
                .line("mode: %s; %d warm-up + %d measured runs; median [min-max] of the measured runs",
                        quick ? "QUICK (1/10 size, one run: a smoke test, not a result)" : "full", warmups, runs)
                .line("machine: %s, %d cores, %s %s", cpuModel(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"), System.getProperty("os.version"))
                .line("JDK: %s %s (%s); JVM flags: %s; max heap %,d MB; GC: %s", System.getProperty("java.vm.name"),
                        System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                        rt.getInputArguments(), Runtime.getRuntime().maxMemory() >> 20, gcs)
                .line("systems: %s%s; Pekko: %s", String.join(", ", systems), erlang.erts().isPresent() ? ", erlang" : "",
                        systems.contains(Report.PEKKO) ? pekkoVersion() : "not run")
                .line("Erlang: %s", erlang.erts().orElse("not run"));
    }

    private static String pekkoVersion() {
        try {
            return "Apache Pekko " + org.apache.pekko.Version.current();
        } catch (RuntimeException | LinkageError e) {
            return "Apache Pekko (version unknown)";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static Path write(Path root, Report report, String stamp) throws IOException {
        Path dir = root.resolve("bench/results");
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + stamp + ".txt");
        Files.writeString(file, report.toString());
        return file;
    }
}
