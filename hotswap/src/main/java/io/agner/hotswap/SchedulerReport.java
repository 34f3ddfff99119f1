package io.agner.hotswap;

import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import io.agner.runtime.SchedulerStats.CarrierStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A node's scheduler, for the control channel's {@code sched}: one summary line, then one row per
 * carrier. Stateless; any thread may call it.
 *
 * {@snippet :
 * scheduler: agner, 3 carriers (1 retired), 1 replacement started, up 3,725.5 s
 * CARRIER  ROLE         ALIVE  CONTINUATIONS    RUN-NEXT HITS  STEALS   SPINS  PARKS  UTILISATION
 *       0  carrier      yes        1,234,567  925,925 (75.0%)   1,000  10,000  5,000        37.5%
 *       1  carrier      yes           80,000   40,000 (50.0%)   2,000  12,000  6,000        25.0%
 *       3  replacement  yes                0            0 (-)       0       0      1         0.0%
 * retired  replacement  no                10         0 (0.0%)       0       3      3         0.1%
 * }
 * (the {@code retired} row sums every replacement carrier that has retired)
 * A node on the JDK's scheduler has a summary line only, with the reason it runs that one if it
 * fell back: {@code scheduler: jdk (agner's scheduler is unavailable (...) ...)}, then
 * {@value #NO_COUNTERS}.
 *
 * <p>The summary line starts {@code "scheduler: <kind>"} followed by a comma, a space or nothing;
 * {@code agner nodes} reads the kind from it ({@link #kindOf}).
 */
public final class SchedulerReport {

    /** The line that stands for the table on a node run by the JDK's scheduler. */
    public static final String NO_COUNTERS = "the JDK's scheduler keeps no per-carrier counters";

    private static final String PREFIX = "scheduler: ";

    private SchedulerReport() {}

    /** The report's lines. */
    static void write(SchedulerStats stats, Consumer<String> out) {
        out.accept(summary(stats));
        if (stats.kind() == SchedulerKind.JDK) {
            out.accept(NO_COUNTERS);
        } else if (stats.carriers().isEmpty()) {
            out.accept("(no carriers)");
        } else {
            table(stats.carriers()).forEach(out);
        }
    }

    /**
     * The kind a report's first line names, in lower case ({@code agner}, {@code jdk}), or null when
     * the line is not a report's first line.
     */
    public static String kindOf(String firstLine) {
        if (firstLine == null || !firstLine.startsWith(PREFIX)) {
            return null;
        }
        String rest = firstLine.substring(PREFIX.length());
        int end = 0;
        while (end < rest.length() && Character.isLetterOrDigit(rest.charAt(end))) {
            end++;
        }
        return end == 0 ? null : rest.substring(0, end);
    }

    private static String summary(SchedulerStats stats) {
        StringBuilder line = new StringBuilder(PREFIX).append(stats.kind().name().toLowerCase(Locale.ROOT));
        if (stats.kind() == SchedulerKind.AGNER) {
            long alive = stats.carriers().stream().filter(CarrierStats::alive).count();
            long retired = stats.replacementsStarted() - stats.carriers().stream().filter(c -> c.alive() && c.replacement()).count();
            line.append(", ").append(count(alive, "carrier"))
                    .append(retired == 0 ? "" : " (" + number(retired) + " retired)")
                    .append(", ").append(count(stats.replacementsStarted(), "replacement")).append(" started")
                    .append(", up ").append(String.format(Locale.ROOT, "%,.1f s", stats.uptimeNanos() / 1e9));
        }
        if (!stats.note().isEmpty()) {
            line.append(" (").append(stats.note()).append(')');
        }
        return line.toString();
    }

    private static List<String> table(List<CarrierStats> carriers) {
        String[] headers = {"CARRIER", "ROLE", "ALIVE", "CONTINUATIONS", "RUN-NEXT HITS", "STEALS", "SPINS", "PARKS", "UTILISATION"};
        boolean[] right = {true, false, false, true, true, true, true, true, true};
        List<String[]> rows = new ArrayList<>();
        rows.add(headers);
        for (CarrierStats c : carriers) {
            rows.add(new String[] {
                    c.index() < 0 ? "retired" : String.valueOf(c.index()),
                    c.replacement() ? "replacement" : "carrier",
                    c.alive() ? "yes" : "no",
                    number(c.continuations()),
                    number(c.runNextHits()) + " (" + percent(c.runNextHits(), c.continuations()) + ")",
                    number(c.steals()),
                    number(c.spins()),
                    number(c.parks()),
                    String.format(Locale.ROOT, "%.1f%%", c.utilisation() * 100)});
        }
        int[] widths = new int[headers.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ")
                        .append(right[i] ? pad + row[i] : row[i] + (i == row.length - 1 ? "" : pad));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String count(long n, String thing) {
        return number(n) + " " + thing + (n == 1 ? "" : "s");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
