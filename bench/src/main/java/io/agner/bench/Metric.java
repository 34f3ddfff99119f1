package io.agner.bench;

import java.util.List;

/**
 * One reported number: its benchmark, unit, direction, and agner's targets (from the benchmark
 * issue): a bound on agner ÷ Erlang, and agner within {@link #BASELINE_SLACK} of the bare baseline.
 *
 * @param key            the metric name, as printed by every system (e.g. {@code hops_per_s_1000x1000})
 * @param benchmark      the benchmark it belongs to
 * @param unit           its unit
 * @param higherIsBetter whether bigger is better
 * @param erlangRatio    agner ÷ Erlang must be at least this (higher is better) or at most this
 *                       (lower is better); NaN for no Erlang target
 * @param absoluteMax    agner's value must be at most this; NaN for none
 */
record Metric(String key, String benchmark, String unit, boolean higherIsBetter, double erlangRatio, double absoluteMax) {

    /** agner may be at most this much worse than the bare baseline. */
    static final double BASELINE_SLACK = 1.3;

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
            new Metric("restart_us", "supervisor", "us", false, Double.NaN, Double.NaN));

    /** How many times worse {@code a} is than {@code b} (1.0 = equal, below 1 = better). */
    double worseBy(double a, double b) {
        return higherIsBetter ? b / a : a / b;
    }

    boolean meetsErlang(double agner, double erlang) {
        double ratio = agner / erlang;
        return higherIsBetter ? ratio >= erlangRatio : ratio <= erlangRatio;
    }
}
