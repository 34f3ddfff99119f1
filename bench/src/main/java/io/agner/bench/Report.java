package io.agner.bench;

import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats the side-by-side tables. Single-threaded. */
final class Report {

    /** The systems, in column order, as named in {@link Samples}. */
    static final String AGNER = "agner";
    static final String AGNER_JDK = "agner-jdk";
    static final String ERLANG = "erlang";
    static final String PEKKO = "pekko";
    static final String BASELINE = "baseline";

    private static final String VALUES_ROW = "%-10s %-22s %-7s %-26s %-26s %-26s %-26s %-26s";
    private static final String RATIOS_ROW = "%-10s %-22s %-9s %-11s %-15s %-10s %s";

    private final StringBuilder out = new StringBuilder();

    Report line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    /**
     * The process benchmarks in two tables: the values of every system side by side (n/a where a
     * benchmark has no version for that system: the switch, the upgrade), then agner's ratios to each and its
     * goals, each MET or missed. {@code haveErlang}: whether Erlang ran (so a missing Erlang value
     * is worth a remark).
     */
    Report processTable(Samples samples, boolean haveErlang) {
        line(VALUES_ROW, "benchmark", "metric", "unit", "agner median [min-max]", "agner-jdk median [min-max]",
                "Erlang median [min-max]", "Pekko median [min-max]", "baseline median [min-max]");
        List<Metric> shown = new ArrayList<>();
        for (Metric m : Metric.ALL) {
            List<Double> agner = samples.get(AGNER, m.key());
            List<Double> jdk = samples.get(AGNER_JDK, m.key());
            List<Double> erlang = samples.get(ERLANG, m.key());
            List<Double> pekko = samples.get(PEKKO, m.key());
            List<Double> base = samples.get(BASELINE, m.key());
            if (agner.isEmpty() && jdk.isEmpty() && erlang.isEmpty() && pekko.isEmpty() && base.isEmpty()) {
                continue;
            }
            shown.add(m);
            Scope scope = m.scope();
            line(VALUES_ROW, m.benchmark(), m.key(), m.unit(), cell(agner), cell(jdk), scope.erlang() ? cell(erlang) : "n/a",
                    scope.pekkoAndBaseline() ? cell(pekko) : "n/a", scope.pekkoAndBaseline() ? cell(base) : "n/a");
        }

        line("").line("Ratios of the medians (agner / other; above 1 is better for /s, below 1 for ms, ns, us, bytes) and agner's goals:");
        line(RATIOS_ROW, "benchmark", "metric", "agner/erl", "agner/pekko", "agner/agner-jdk", "agner/base", "goals");
        for (Metric m : shown) {
            List<Double> agner = samples.get(AGNER, m.key());
            List<Double> jdk = samples.get(AGNER_JDK, m.key());
            Scope scope = m.scope();
            List<Double> erlang = scope.erlang() ? samples.get(ERLANG, m.key()) : List.of();
            List<Double> pekko = scope.pekkoAndBaseline() ? samples.get(PEKKO, m.key()) : List.of();
            List<Double> base = scope.pekkoAndBaseline() ? samples.get(BASELINE, m.key()) : List.of();
            String erlangNa = scope.erlang() ? "-" : "n/a";
            String othersNa = scope.pekkoAndBaseline() ? "-" : "n/a";
            line(RATIOS_ROW, m.benchmark(), m.key(), ratio(agner, erlang, erlangNa), ratio(agner, pekko, othersNa),
                    ratio(agner, jdk, "-"), ratio(agner, base, othersNa), goals(m, agner, jdk, erlang, pekko, haveErlang));
        }
        return this;
    }

    /** agner's goals on one row, each MET or missed, separated by semicolons; "-" without agner values. */
    private static String goals(Metric m, List<Double> agner, List<Double> jdk, List<Double> erlang, List<Double> pekko,
                                boolean haveErlang) {
        if (agner.isEmpty()) {
            return "-";
        }
        double a = Samples.median(agner);
        String ge = m.higherIsBetter() ? ">=" : "<=";
        List<String> goals = new ArrayList<>();
        if (m.hasErlangTarget()) {
            String goal = String.format(Locale.ROOT, "vs Erlang %s%.2fx: ", ge, m.erlangRatio());
            if (!erlang.isEmpty()) {
                goals.add(goal + metOrMissed(m.meetsErlang(a, Samples.median(erlang))));
            } else if (haveErlang) {
                goals.add(goal + "no Erlang value");
            }
        }
        if (!pekko.isEmpty()) {
            goals.add("ahead of Pekko: " + metOrMissed(m.ahead(a, Samples.median(pekko))));
        }
        if (m.noWorseThanJdk()) {
            if (jdk.isEmpty()) {
                goals.add(ge + " agner-jdk: no agner-jdk value");
            } else {
                double j = Samples.median(jdk);
                goals.add(String.format(Locale.ROOT, "%s agner-jdk: %s (%.2fx)", ge, metOrMissed(m.noWorse(a, j)), a / j));
            }
        }
        if (m.hasAbsoluteTarget()) {
            goals.add(String.format(Locale.ROOT, "%s %s %s: %s", ge, num(m.absoluteTarget()), m.unit(),
                    metOrMissed(m.meetsAbsolute(a))));
        }
        return goals.isEmpty() ? "" : String.join("; ", goals);
    }

    private static String metOrMissed(boolean met) {
        return met ? "MET" : "missed";
    }

    private static String ratio(List<Double> agner, List<Double> other, String none) {
        if (agner.isEmpty() || other.isEmpty()) {
            return none;
        }
        return String.format(Locale.ROOT, "%.2f", Samples.median(agner) / Samples.median(other));
    }

    /**
     * One line about the scheduler that ran a node: what was asked, what ran (and why not what was
     * asked), and per carrier its continuations, run-next hits, steals, spins, parks and utilisation;
     * the replacement carriers (started while others were blocked) summed up in one entry.
     */
    static String schedulerLine(String label, SchedulerKind asked, SchedulerStats stats) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: asked %s, ran %s", label, asked, stats.kind()));
        if (stats.kind() != asked) {
            s.append(" -- FELL BACK to ").append(stats.kind()).append(": ")
                    .append(stats.note().isEmpty() ? "(no reason given)" : stats.note());
        } else if (!stats.note().isEmpty()) {
            s.append(" (").append(stats.note()).append(')');
        }
        if (stats.carriers().isEmpty()) {
            s.append(stats.kind() == SchedulerKind.JDK ? "; the JDK's ForkJoinPool, no per-carrier counters" : "; no carriers");
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "; %.1f s up", stats.uptimeNanos() / 1e9));
        long n = 0, alive = 0, continuations = 0, runNext = 0, steals = 0, spins = 0, parks = 0, busy = 0;
        for (SchedulerStats.CarrierStats c : stats.carriers()) {
            if (!c.replacement()) {
                s.append(String.format(Locale.ROOT,
                        "; carrier %d: continuations %,d, run-next hits %,d, steals %,d, spins %,d, parks %,d, utilisation %.0f%%",
                        c.index(), c.continuations(), c.runNextHits(), c.steals(), c.spins(), c.parks(), c.utilisation() * 100));
                continue;
            }
            n++;
            alive += c.alive() ? 1 : 0;
            continuations += c.continuations();
            runNext += c.runNextHits();
            steals += c.steals();
            spins += c.spins();
            parks += c.parks();
            busy += c.busyNanos();
        }
        if (n > 0) {
            s.append(String.format(Locale.ROOT,
                    "; %d replacement carriers (%d still alive), together: continuations %,d, run-next hits %,d, steals %,d, spins %,d, parks %,d, busy %,.0f ms",
                    n, alive, continuations, runNext, steals, spins, parks, busy / 1e6));
        }
        s.append(String.format(Locale.ROOT, "; replacements started %d", stats.replacementsStarted()));
        return s.toString();
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
        if (Math.abs(v) >= 1 || v == 0) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);      // a ratio such as switch_vs_append
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
