package io.agner.observer;

import io.agner.runtime.Node;
import io.agner.runtime.ProcessCounts;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.SchedulerStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Overview's numbers, sampled at most once per {@link #MIN_INTERVAL_NANOS} however many
 * browsers listen (each live page asks every second; they share one sample). Rates are the
 * change since the previous sample. Messages per second sum {@code messagesReceived} over the
 * process table, one pass per sample, so only while a page is open. Thread-safe (synchronized).
 */
final class Sampler {

    static final long MIN_INTERVAL_NANOS = 900_000_000L;

    private final Node node;
    private final String nodeName;
    private long lastAt;
    private ProcessCounts lastCounts;
    private long lastReceived;
    private long[] lastBusy = new long[0];
    private Map<String, Object> last;

    Sampler(Node node, String nodeName) {
        this.node = node;
        this.nodeName = nodeName;
    }

    synchronized Map<String, Object> sample() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < MIN_INTERVAL_NANOS) {
            return last;
        }
        ProcessCounts counts = node.processCounts();
        long received = 0;
        List<ProcessInfo> all = node.processes();
        for (ProcessInfo p : all) {
            received += p.messagesReceived();
        }
        SchedulerStats sched = node.schedulerStats();
        double seconds = lastCounts == null ? 0 : (now - lastAt) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", nodeName);
        m.put("time", System.currentTimeMillis() / 1000.0);
        m.put("uptimeSeconds", counts.uptimeNanos() / 1e9);
        m.put("processes", counts.running());
        m.put("spawned", counts.spawned());
        m.put("exited", counts.exited());
        m.put("spawnsPerSecond", seconds == 0 ? 0 : (counts.spawned() - lastCounts.spawned()) / seconds);
        m.put("exitsPerSecond", seconds == 0 ? 0 : (counts.exited() - lastCounts.exited()) / seconds);
        // processes that exited since the last sample take their counts with them: never negative
        m.put("messagesPerSecond", seconds == 0 ? 0 : Math.max(0, received - lastReceived) / seconds);
        Runtime rt = Runtime.getRuntime();
        m.put("heapUsedMB", (rt.totalMemory() - rt.freeMemory()) / 1_048_576.0);
        m.put("heapMaxMB", rt.maxMemory() / 1_048_576.0);
        m.put("scheduler", sched.kind().name().toLowerCase() + (sched.note().isEmpty() ? "" : " (" + sched.note() + ")"));
        m.put("carrierUtilisation", utilisation(sched, now, seconds));
        lastAt = now;
        lastCounts = counts;
        lastReceived = received;
        last = m;
        return m;
    }

    /** Each carrier's share of busy time since the last sample (0..1); cumulative on the first. */
    private List<Double> utilisation(SchedulerStats sched, long now, double seconds) {
        List<SchedulerStats.CarrierStats> carriers = sched.carriers();
        long[] busy = new long[carriers.size()];
        Double[] shares = new Double[carriers.size()];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = carriers.get(i).busyNanos();
            shares[i] = seconds > 0 && i < lastBusy.length
                    ? Math.clamp((busy[i] - lastBusy[i]) / (seconds * 1e9), 0.0, 1.0)
                    : carriers.get(i).utilisation();
        }
        lastBusy = busy;
        return List.of(shares);
    }
}
