package io.agner.bench;

import java.util.List;

/**
 * One reported number: its benchmark, unit, direction, and agner's goals (from the benchmark
 * issue): a bound on agner ÷ Erlang, agner no worse than itself on the JDK's scheduler
 * ({@code agner-jdk}), an absolute bound; and, on every row Pekko reports, agner ahead of Pekko
 * ({@link #ahead}).
 *
 * @param key            the metric name, as printed by every system (e.g. {@code hops_per_s_1000x1000})
 * @param benchmark      the benchmark it belongs to
 * @param unit           its unit
 * @param higherIsBetter whether bigger is better
 * @param erlangRatio    agner ÷ Erlang must be at least this (higher is better) or at most this
 *                       (lower is better); NaN for no Erlang target
 * @param absoluteTarget agner's value must be at least this (higher is better) or at most this
 *                       (lower is better); NaN for none
 * @param noWorseThanJdk agner's median must be no worse than agner-jdk's (no slack: ≤, or ≥ when
 *                       higher is better)
 * @param scope          which systems report it; the other columns read n/a
 */
record Metric(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio, double absoluteTarget,
              boolean noWorseThanJdk, Scope scope) {

    private static final double NONE = Double.NaN;

    /** A metric that every system reports. */
    Metric(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio, double absoluteTarget,
           boolean noWorseThanJdk) {
        this(key, benchmark, unit, higherIsBetter, erlangRatio, absoluteTarget, noWorseThanJdk, Scope.EVERY_SYSTEM);
    }

    /** A metric agner and Erlang report, but not Pekko or the baseline (the code upgrade). */
    static Metric agnerAndErlang(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio) {
        return new Metric(key, benchmark, unit, higherIsBetter, erlangRatio, NONE, false, Scope.AGNER_AND_ERLANG);
    }

    /** A metric only agner reports (the switch; the upgrade's load time): no Erlang, Pekko or baseline column. */
    static Metric agnerOnly(String key, String benchmark, String unit, boolean higherIsBetter, double absoluteTarget,
                            boolean noWorseThanJdk) {
        return new Metric(key, benchmark, unit, higherIsBetter, NONE, absoluteTarget, noWorseThanJdk, Scope.AGNER_ONLY);
    }

    static final List<Metric> ALL = List.of(
            new Metric("spawn_ms", "spawn", "ms", false, NONE, NONE, true),
            new Metric("bytes_per_process", "spawn", "bytes", false, NONE, 1000, true),
            new Metric("total_ms", "spawn", "ms", false, NONE, NONE, false),
            new Metric("hops_per_s_1000x1000", "ring", "hops/s", true, 1.3, NONE, false),
            new Metric("hops_per_s_10000x100", "ring", "hops/s", true, 1.3, NONE, false),
            new Metric("ns_per_roundtrip", "ping-pong", "ns", false, 0.8, NONE, false),
            agnerOnly("traced_ns_per_roundtrip", "ping-pong-traced", "ns", false, NONE, false),
            new Metric("msgs_per_s_2", "fan-in", "msg/s", true, 3.0, NONE, false),
            new Metric("msgs_per_s_16", "fan-in", "msg/s", true, 3.0, NONE, false),
            new Metric("wall_ms", "skynet", "ms", false, 0.5, NONE, false),
            new Metric("call_ns", "genserver", "ns", false, 1.0, NONE, false),
            new Metric("restart_us", "supervisor", "us", false, NONE, NONE, true),
            // A simple-one-for-one supervisor at 100 and 100,000 children (ChildrenBenchmark).
            agnerOnly("start_us_100", "children", "us", false, NONE, false),
            agnerOnly("start_us_100000", "children", "us", false, NONE, false),
            agnerOnly("exit_us_100", "children", "us", false, NONE, false),
            agnerOnly("exit_us_100000", "children", "us", false, NONE, false),
            agnerOnly("terminate_us_100", "children", "us", false, NONE, false),
            agnerOnly("terminate_us_100000", "children", "us", false, NONE, false),
            agnerOnly("shutdown_ms_100", "children", "ms", false, NONE, false),
            agnerOnly("shutdown_ms_100000", "children", "ms", false, NONE, false),
            // The upgrade of N processes (UpgradeBenchmark; definitions in agner_bench.erl, 7.): the
            // issue's goal is a window at 10,000 processes of at most half of Erlang's.
            agnerAndErlang("window_us_1", "upgrade", "us", false, NONE),
            agnerAndErlang("window_us_1000", "upgrade", "us", false, NONE),
            agnerAndErlang("window_us_10000", "upgrade", "us", false, 0.5),
            agnerAndErlang("span_us_1", "upgrade", "us", false, NONE),
            agnerAndErlang("span_us_1000", "upgrade", "us", false, NONE),
            agnerAndErlang("span_us_10000", "upgrade", "us", false, NONE),
            agnerOnly("load_ms_1", "upgrade", "ms", false, NONE, false),
            agnerOnly("load_ms_1000", "upgrade", "ms", false, NONE, false),
            agnerOnly("load_ms_10000", "upgrade", "ms", false, NONE, false),
            agnerOnly("events_per_s", "switch", "event/s", true, 1_000_000, true),
            agnerOnly("calls_per_s", "switch", "call/s", true, NONE, false),
            agnerOnly("cdrs", "switch", "CDRs", true, NONE, false),
            agnerOnly("events", "switch", "events", true, NONE, false),
            agnerOnly("active_calls_max", "switch", "calls", true, NONE, false),
            agnerOnly("switch_s", "switch", "s", false, NONE, false),
            agnerOnly("exchange_events_per_s", "switch", "event/s", true, NONE, false),
            agnerOnly("switch_cpu_cores", "switch", "cores", true, NONE, false),
            agnerOnly("decode_events_per_s", "switch", "event/s", true, NONE, false),
            agnerOnly("read_events_per_s", "switch", "event/s", true, NONE, false),
            agnerOnly("append_events_per_s", "switch", "event/s", true, NONE, false),
            agnerOnly("switch_vs_append", "switch", "ratio", true, 0.5, false),
            agnerOnly("areas", "switch", "areas", true, NONE, false),
            agnerOnly("areas_within_erlang_b", "switch", "areas", true, NONE, false),
            agnerOnly("active_lines_at_end", "switch", "lines", true, NONE, false),
            agnerOnly("bytes_per_active_line", "switch", "bytes", false, NONE, false),
            agnerOnly("bytes_per_subscriber", "switch", "bytes", false, NONE, false));

    boolean hasErlangTarget() {
        return !Double.isNaN(erlangRatio);
    }

    boolean hasAbsoluteTarget() {
        return !Double.isNaN(absoluteTarget);
    }

    boolean meetsErlang(double agner, double erlang) {
        double ratio = agner / erlang;
        return higherIsBetter ? ratio >= erlangRatio : ratio <= erlangRatio;
    }

    boolean meetsAbsolute(double agner) {
        return higherIsBetter ? agner >= absoluteTarget : agner <= absoluteTarget;
    }

    /** {@code a} is no worse than {@code b}: equal counts. */
    boolean noWorse(double a, double b) {
        return higherIsBetter ? a >= b : a <= b;
    }

    /** {@code a} is strictly better than {@code b}. */
    boolean ahead(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }
}
