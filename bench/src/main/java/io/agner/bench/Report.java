package io.agner.bench;

import java.util.List;
import java.util.Locale;

/** Formats the side-by-side table. Single-threaded. */
final class Report {

    private final StringBuilder out = new StringBuilder();

    Report line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    /**
     * The process benchmarks: agner, Erlang and the baseline side by side, with ratios and targets;
     * n/a where a benchmark has no Erlang or baseline version (the switch).
     */
    Report processTable(Samples samples, boolean haveErlang) {
        line("%-10s %-22s %-7s %-30s %-30s %-30s %-9s %-9s %s",
                "benchmark", "metric", "unit", "agner median [min-max]", "Erlang median [min-max]",
                "baseline median [min-max]", "agner/erl", "agner/base", "targets");
        for (Metric m : Metric.ALL) {
            List<Double> agner = samples.get("agner", m.key());
            if (agner.isEmpty()) {
                continue;
            }
            double a = Samples.median(agner);
            String absolute = Double.isNaN(m.absoluteTarget()) ? "" : String.format(Locale.ROOT, "%s %s %s: %s; ",
                    m.higherIsBetter() ? ">=" : "<=", num(m.absoluteTarget()), m.unit(), m.meetsAbsolute(a) ? "MET" : "missed");
            if (m.agnerOnly()) {
                line("%-10s %-22s %-7s %-30s %-30s %-30s %-9s %-9s %s", m.benchmark(), m.key(), m.unit(),
                        cell(agner), "n/a", "n/a", "n/a", "n/a", absolute);
                continue;
            }
            StringBuilder targets = new StringBuilder();
            List<Double> erlang = samples.get("erlang", m.key());
            List<Double> base = samples.get("baseline", m.key());
            String erlRatio = "-";
            if (!erlang.isEmpty()) {
                double e = Samples.median(erlang);
                erlRatio = String.format(Locale.ROOT, "%.2f", a / e);
                if (!Double.isNaN(m.erlangRatio())) {
                    targets.append(String.format(Locale.ROOT, "vs Erlang %s%.2f: %s; ",
                            m.higherIsBetter() ? ">=" : "<=", m.erlangRatio(), m.meetsErlang(a, e) ? "MET" : "missed"));
                }
            } else if (haveErlang && !Double.isNaN(m.erlangRatio())) {
                targets.append("vs Erlang: no Erlang value; ");
            }
            targets.append(absolute);
            String baseRatio = "-";
            if (!base.isEmpty()) {
                double b = Samples.median(base);
                baseRatio = String.format(Locale.ROOT, "%.2f", a / b);
                double worse = m.worseBy(a, b);
                targets.append(String.format(Locale.ROOT, "within %.1fx of baseline: %s (%.2fx)",
                        Metric.BASELINE_SLACK, worse <= Metric.BASELINE_SLACK ? "MET" : "missed", worse));
            }
            line("%-10s %-22s %-7s %-30s %-30s %-30s %-9s %-9s %s", m.benchmark(), m.key(), m.unit(),
                    cell(agner), cell(erlang), cell(base), erlRatio, baseRatio, targets);
        }
        return this;
    }

    private static String cell(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s [%s-%s]", num(Samples.median(values)), num(Samples.min(values)), num(Samples.max(values)));
    }

    private static String num(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
