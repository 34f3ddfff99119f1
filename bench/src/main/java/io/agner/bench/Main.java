package io.agner.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code make bench}: the five process benchmarks on agner, on Erlang/OTP and on a bare
 * virtual-thread baseline, in one run on one machine, then the behaviours (agner and baseline
 * only) and the telephone switch end to end (agner only, {@link SwitchBenchmark}: n/a in the
 * Erlang and baseline columns), then the JMH micro-benchmarks; prints one table (median and
 * min–max of the measured runs, ratios, the targets met or missed) and writes it to
 * {@code bench/results/}.
 *
 * <p>Full mode: benchmark by benchmark, one warm-up run, then 5 measured runs, systems interleaved
 * run by run. {@code BENCH_QUICK=1}: one run of everything at a tenth of the size, no warm-up.
 *
 * <p>Run: {@code make bench} (or {@code BENCH_QUICK=1 make bench}). To run some benchmarks alone,
 * after {@code make build}: {@code java -Xms4g -Xmx4g -XX:+UseParallelGC -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.agner.bench.Main --only ring,ping-pong
 * --no-erlang --no-jmh} (benchmarks: spawn, ring, ping-pong, fan-in, skynet, behaviours, switch). With
 * {@code make}: {@code make bench BENCH_ARGS="--only switch --no-erlang --no-jmh"}. {@code --profile} adds
 * one unmeasured switch run under JDK Flight Recorder and its summary ({@link SwitchProfile}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
        int runs = quick ? 1 : 5;
        int warmups = quick ? 0 : 1;
        int scale = quick ? 10 : 1;
        Options options = Options.parse(args);
        Path root = Path.of(".");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<String> profile = List.of();

        System.out.printf("agner bench (%s): %d warm-up + %d measured runs per benchmark%n",
                quick ? "quick, 1/10 size" : "full", warmups, runs);
        Samples samples = new Samples();

        // Benchmark by benchmark, so one's JIT profile and garbage do not tax the next one's runs
        // (the behaviours benchmark, run in between, cost spawn ~200 bytes per process and skynet 2x).
        try (Suite agner = new AgnerSuite(); Suite baseline = new BaselineSuite()) {
            for (Group group : GROUPS) {
                if (!options.runs(group.name())) {
                    continue;
                }
                for (int run = 0; run < warmups + runs; run++) {
                    boolean measured = run >= warmups;
                    for (Suite suite : group.agnerOnly() ? List.of(agner) : List.of(agner, baseline)) {
                        Map<String, Double> values = group.measure().run(suite, scale);
                        System.out.printf("  %-8s %-10s run %d%s: %s%n", suite.name(), group.name(), run + 1,
                                measured ? "" : " (warm-up)", values);
                        if (measured) {
                            samples.addAll(suite.name(), values);
                        }
                    }
                }
                if (group.name().equals(SWITCH) && options.profile()) {
                    System.out.println("  agner    switch     profiled run (JFR, not measured)");
                    Path dir = Files.createDirectories(root.resolve("bench/results"));
                    profile = new SwitchProfile(dir).record(new SwitchBenchmark(root), scale, stamp);
                }
            }
        }

        ErlangRunner.Outcome erlang = new ErlangRunner.Outcome(java.util.Optional.empty(), "Erlang not run (--no-erlang)");
        boolean erlangHasAny = GROUPS.stream().anyMatch(g -> !g.agnerOnly() && options.runs(g.name()));
        if (options.erlang() && !erlangHasAny) {
            erlang = new ErlangRunner.Outcome(java.util.Optional.empty(), "Erlang not run: the selected benchmarks have no Erlang version");
        } else if (options.erlang()) {
            System.out.println("erlang: compiling and running bench/erlang/agner_bench.erl");
            erlang = new ErlangRunner(root.resolve("bench/erlang/agner_bench.erl"), root.resolve("bench/target/erlang"))
                    .run(quick, runs, samples);
        }

        Collection<RunResult> micro = options.jmh() ? runJmh(quick) : List.of();

        Report report = header(quick, runs, warmups, erlang);
        report.line("").line("Process benchmarks (definitions identical in all three; lower ms/ns/bytes is better, higher /s is better):");
        report.processTable(samples, erlang.erts().isPresent());
        if (options.runs(SWITCH)) {
            report.line("").line("switch: agner only, no Erlang or baseline version (n/a). events_per_s = events in the log / seconds from")
                    .line("  SwitchApp.start until every event is consumed and committed and every CDR durably appended (fsync always);")
                    .line("  exchange_events_per_s stops the clock when the exchange has read the last event; switch_cpu_cores = the JVM's")
                    .line("  CPU time / that wall time. read_ (a consumer polling every event), decode_ (EventCodec.decode of every event)")
                    .line("  and append_ (generate and durably append the traffic) are the stages timed alone, one thread each.");
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

    /**
     * One benchmark: its name (for {@code --only}), one measured run of it on a suite at a scale,
     * and whether it runs on agner alone (no Erlang or baseline version).
     */
    private record Group(String name, Measure measure, boolean agnerOnly) {
        Group(String name, Measure measure) {
            this(name, measure, false);
        }
    }

    private static final String SWITCH = "switch";

    @FunctionalInterface
    private interface Measure {
        Map<String, Double> run(Suite suite, int scale) throws Exception;
    }

    private static final List<Group> GROUPS = List.of(
            new Group("spawn", (s, scale) -> s.spawn(1_000_000 / scale)),
            new Group("ring", (s, scale) -> Map.of(
                    "hops_per_s_1000x1000", s.ring(1_000, 1_000 / scale),
                    "hops_per_s_10000x100", s.ring(10_000, 100 / scale))),
            new Group("ping-pong", (s, scale) -> Map.of("ns_per_roundtrip", s.pingPong(1_000_000 / scale))),
            new Group("fan-in", (s, scale) -> Map.of(
                    "msgs_per_s_2", s.fanIn(2, 1_000_000 / scale),
                    "msgs_per_s_16", s.fanIn(16, 1_000_000 / scale))),
            new Group("skynet", (s, scale) -> Map.of("wall_ms", s.skynet(1_000_000 / scale))),
            new Group("behaviours", (s, scale) -> s.behaviours(100_000 / scale, 10_000 / scale)),
            new Group(SWITCH, (s, scale) -> new SwitchBenchmark(Path.of(".")).run(scale), true));

    /** Command-line options: {@code --only a,b}, {@code --no-erlang}, {@code --no-jmh}, {@code --profile}. */
    record Options(java.util.Set<String> only, boolean erlang, boolean jmh, boolean profile) {
        static Options parse(String[] args) {
            java.util.Set<String> only = java.util.Set.of();
            boolean erlang = true;
            boolean jmh = true;
            boolean profile = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--only" -> only = java.util.Set.of(args[++i].split(","));
                    case "--no-erlang" -> erlang = false;
                    case "--no-jmh" -> jmh = false;
                    case "--profile" -> profile = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i]
                            + "'; use --only spawn,ring,ping-pong,fan-in,skynet,behaviours,switch --no-erlang --no-jmh --profile");
                }
            }
            return new Options(only, erlang, jmh, profile);
        }

        boolean runs(String benchmark) {
            return only.isEmpty() || only.contains(benchmark);
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

    private static Report header(boolean quick, int runs, int warmups, ErlangRunner.Outcome erlang) {
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
                .line("Erlang: %s", erlang.erts().orElse("not run"));
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
