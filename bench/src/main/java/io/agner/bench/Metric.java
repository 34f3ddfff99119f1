package io.agner.bench;

import java.util.List;

/**
 * One reported number: its benchmark, unit, direction, and agner's targets (from the benchmark
 * issues): a bound on agner ÷ Erlang, agner within {@link #BASELINE_SLACK} of the bare baseline,
 * and an absolute bound.
 *
 * @param key            the metric name, as printed by every system (e.g. {@code hops_per_s_1000x1000})
 * @param benchmark      the benchmark it belongs to
 * @param unit           its unit
 * @param higherIsBetter whether bigger is better
 * @param erlangRatio    agner ÷ Erlang must be at least this (higher is better) or at most this
 *                       (lower is better); NaN for no Erlang target
 * @param absoluteTarget agner's value must be at least this (higher is better) or at most this
 *                       (lower is better); NaN for none
 * @param agnerOnly      there is no Erlang or baseline version of it: those columns read n/a
 */
record Metric(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio, double absoluteTarget,
              boolean agnerOnly) {

    /** agner may be at most this much worse than the bare baseline. */
    static final double BASELINE_SLACK = 1.3;

    /** A metric that every system reports. */
    Metric(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio, double absoluteTarget) {
        this(key, benchmark, unit, higherIsBetter, erlangRatio, absoluteTarget, false);
    }

    /** A metric only agner reports (the switch): no Erlang or baseline column, maybe an absolute target. */
    static Metric agnerOnly(String key, String benchmark, String unit, boolean higherIsBetter, double absoluteTarget) {
        return new Metric(key, benchmark, unit, higherIsBetter, Double.NaN, absoluteTarget, true);
    }

    static final List<Metric> ALL = List.of(
            new Metric("spawn_ms", "spawn", "ms", false, 0.5, Double.NaN),
            new Metric("bytes_per_process", "spawn", "bytes", false, 0.4, 1000),
            new Metric("total_ms", "spawn", "ms", false, Double.NaN, Double.NaN),
            new Metric("hops_per_s_1000x1000", "ring", "hops/s", true, 1.0, Double.NaN),
            new Metric("hops_per_s_10000x100", "ring", "hops/s", true, 1.0, Double.NaN),
            new Metric("ns_per_roundtrip", "ping-pong", "ns", false, 0.75, Double.NaN),
            new Metric("msgs_per_s_2", "fan-in", "msg/s", true, 5.0, Double.NaN),
            new Metric("msgs_per_s_16", "fan-in", "msg/s", true, 5.0, Double.NaN),
            new Metric("wall_ms", "skynet", "ms", false, 0.5, Double.NaN),
            new Metric("call_ns", "genserver", "ns", false, Double.NaN, Double.NaN),
            new Metric("restart_us", "supervisor", "us", false, Double.NaN, Double.NaN),
            agnerOnly("events_per_s", "switch", "event/s", true, 1_000_000),
            agnerOnly("calls_per_s", "switch", "call/s", true, Double.NaN),
            agnerOnly("cdrs", "switch", "CDRs", true, Double.NaN),
            agnerOnly("events", "switch", "events", true, Double.NaN),
            agnerOnly("active_calls_max", "switch", "calls", true, Double.NaN),
            agnerOnly("switch_s", "switch", "s", false, Double.NaN),
            agnerOnly("exchange_events_per_s", "switch", "event/s", true, Double.NaN),
            agnerOnly("switch_cpu_cores", "switch", "cores", true, Double.NaN),
            agnerOnly("decode_events_per_s", "switch", "event/s", true, Double.NaN),
            agnerOnly("read_events_per_s", "switch", "event/s", true, Double.NaN),
            agnerOnly("append_events_per_s", "switch", "event/s", true, Double.NaN));

    /** How many times worse {@code a} is than {@code b} (1.0 = equal, below 1 = better). */
    double worseBy(double a, double b) {
        return higherIsBetter ? b / a : a / b;
    }

    boolean meetsErlang(double agner, double erlang) {
        double ratio = agner / erlang;
        return higherIsBetter ? ratio >= erlangRatio : ratio <= erlangRatio;
    }

    boolean meetsAbsolute(double agner) {
        return higherIsBetter ? agner >= absoluteTarget : agner <= absoluteTarget;
    }
}
