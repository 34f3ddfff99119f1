package io.agner.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the switch's time goes, from the harness's main thread only: records one whole-switch run
 * with JDK Flight Recorder (the {@code profile} settings, with method samples every millisecond
 * and every {@code fsync}) and summarises it.
 *
 * <p>The summary: method samples by process role (exchange, line processes, call processes,
 * supervisors, billing host, log writers...), the exchange's samples by its own method, the share
 * of samples under key methods (decode, log read and write, {@code Supervisor.startChild}, sends,
 * parks), the hottest methods by self time, CPU by thread, {@code fsync}s per file kind with their
 * time, and GC pauses. Method samples are on-CPU only: a process parked on a reply (the exchange in
 * {@code Supervisor.startChild}) or a writer in {@code fsync} is not in them, which is why the
 * summary also shows CPU by thread and the forces' time. The recording stays in
 * {@code bench/results/} for {@code jfr view hot-methods FILE} or JDK Mission Control.
 *
 * <p>Run: {@code make bench BENCH_ARGS="--only switch --no-erlang --no-jmh --profile"}. The
 * profiled run is extra and not in the table, so the recorder's overhead touches no measured number.
 */
final class SwitchProfile {

    private static final String EXCHANGE = "exchange (decode, decide, dispatch)";
    private static final String EXCHANGE_CLASS = "io.agner.switchdemo.call.Exchange";
    private static final String CALL_PACKAGE = "io.agner.switchdemo.call.";
    /** The exchange process's own classes: its loop, its decisions, its line and call tables, its checkpoints. */
    private static final List<String> EXCHANGE_PARTS = List.of("Exchange", "CallControl", "LineTable", "CallTable", "Checkpointer");

    /** Process roles, most specific first: a sample is counted under the first whose marker is in its stack. */
    private static final List<Map.Entry<String, List<String>>> ROLES = List.of(
            Map.entry(EXCHANGE, List.of(EXCHANGE_CLASS)),
            Map.entry("billing host (rate, CDR append)", List.of("io.agner.switchdemo.billing.BillingHost")),
            Map.entry("call processes", List.of("io.agner.switchdemo.call.CallProcess")),
            Map.entry("line processes (state machines)", List.of("telco.line.Line", "io.agner.behaviour.StateMachineLoop")),
            Map.entry("supervisors (startChild, child exits)", List.of("io.agner.supervisor.SupervisorServer")),
            Map.entry("billing module (code server)", List.of("telco.billing", "io.agner.hotswap")),
            Map.entry("behaviour loops between callbacks (mostly supervisors)", List.of("io.agner.behaviour")),
            Map.entry("bench harness", List.of("io.agner.bench")));

    /** Methods whose inclusive share is shown: a sample counts once under each that is in its stack. */
    private static final List<Map.Entry<String, String>> KEY_METHODS = List.of(
            Map.entry("EventCodec decode", "io.agner.switchdemo.log.event.BinaryEventCodec.decode"),
            Map.entry("EventCodec encode", "io.agner.switchdemo.log.event.BinaryEventCodec.encode"),
            Map.entry("log read (LogConsumer.poll)", "io.agner.switchdemo.log.internal.EmbeddedConsumer.poll"),
            Map.entry("log write (PartitionLog.writeBatch)", "io.agner.switchdemo.log.internal.PartitionLog.writeBatch"),
            Map.entry("log append (Producer.appendAsync)", "io.agner.switchdemo.log.internal.PartitionLog.append"),
            Map.entry("Exchange.handle (decisions + dispatch)", "io.agner.switchdemo.call.Exchange.handle"),
            Map.entry("CallControl.handle (decisions only)", "io.agner.switchdemo.call.CallControl.handle"),
            Map.entry("Exchange.checkpoint", "io.agner.switchdemo.call.Exchange.checkpoint"),
            Map.entry("Supervisor.startChild (by the exchange)", "io.agner.supervisor.Supervisor.startChild"),
            Map.entry("BillingHost.rate (GenServer call)", "io.agner.switchdemo.billing.BillingHost.rate"),
            Map.entry("send", "io.agner.runtime.internal.Context.send"),
            Map.entry("spawn", "io.agner.runtime.internal.LocalNode.spawn"),
            Map.entry("monitor / demonitor", "io.agner.runtime.internal.Context.monitor"),
            Map.entry("Line.handleEvent", "telco.line.Line.handleEvent"),
            Map.entry("virtual thread unpark (wake a process)", "java.lang.VirtualThread.unpark"),
            Map.entry("virtual thread park", "java.lang.VirtualThread.park"));

    private final Path dir;

    /** @param dir where the recording is written */
    SwitchProfile(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code bench} once, recording its whole-switch part, and returns the summary's lines. */
    List<String> record(SwitchBenchmark bench, int scale, String stamp) throws IOException {
        Configuration profile;
        try {
            profile = Configuration.getConfiguration("profile");
        } catch (ParseException e) {
            throw new IOException("the JDK's JFR 'profile' settings do not parse", e);
        }
        Path file = dir.resolve("switch-profile-" + stamp + ".jfr");
        Map<String, Double> values;
        try (Recording recording = new Recording(profile)) {
            recording.enable("jdk.FileForce").withThreshold(Duration.ZERO);
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofSeconds(1));
            recording.setToDisk(true);
            values = bench.run(scale, recording::start, recording::stop);
            recording.dump(file);
        }
        return summarise(file, values);
    }

    private static List<String> summarise(Path file, Map<String, Double> values) throws IOException {
        Tally roles = new Tally();
        Tally inclusive = new Tally();
        Tally selfMethods = new Tally();
        Tally exchangeSteps = new Tally();
        Tally nativeTop = new Tally();
        Map<String, double[]> forces = new TreeMap<>();        // file kind -> {count, total ms}
        Map<Long, double[]> threadCpu = new HashMap<>();       // thread id -> {sum of load, samples}
        Map<Long, String> threadNames = new HashMap<>();
        double[] gc = new double[3];                            // count, total pause ms, longest ms
        long samples = 0;
        long truncated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    truncated += st.isTruncated() ? 1 : 0;
                    List<String> frames = methods(st);
                    String role = role(frames, e.getThread("sampledThread"));
                    roles.add(role);
                    if (role.equals(EXCHANGE)) {
                        frames.stream().filter(SwitchProfile::isExchangeFrame).findFirst()
                                .ifPresent(f -> exchangeSteps.add(f.substring(CALL_PACKAGE.length())));
                    }
                    Set<String> seen = new HashSet<>();
                    for (var key : KEY_METHODS) {
                        if (frames.contains(key.getValue()) && seen.add(key.getKey())) {
                            inclusive.add(key.getKey());
                        }
                    }
                    selfMethods.add(frames.getFirst());
                }
                case "jdk.NativeMethodSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st != null && !st.getFrames().isEmpty()) {
                        List<String> frames = methods(st);
                        nativeTop.add(frames.getFirst() + " <- " + (frames.size() > 1 ? frames.get(1) : "?"));
                    }
                }
                case "jdk.FileForce" -> {
                    double[] f = forces.computeIfAbsent(fileKind(e.getString("path")), k -> new double[2]);
                    f[0]++;
                    f[1] += e.getDuration().toNanos() / 1e6;
                }
                case "jdk.ThreadCPULoad" -> {
                    RecordedThread t = e.getThread("eventThread");
                    if (t == null) {
                        continue;
                    }
                    // A thread's first value covers the time before the recording too: skip it.
                    if (threadNames.putIfAbsent(t.getId(), t.getJavaName() == null ? t.getOSName() : t.getJavaName()) == null) {
                        continue;
                    }
                    double[] c = threadCpu.computeIfAbsent(t.getId(), k -> new double[2]);
                    c[0] += e.getFloat("user") + e.getFloat("system");
                    c[1]++;
                }
                case "jdk.GarbageCollection" -> {
                    double pause = e.getDuration("sumOfPauses").toNanos() / 1e6;
                    gc[0]++;
                    gc[1] += pause;
                    gc[2] = Math.max(gc[2], pause);
                }
                default -> { }
            }
        }

        long total = samples;
        List<String> out = new ArrayList<>();
        double seconds = values.get("switch_s");
        out.add(String.format(Locale.ROOT, "profiled run: %,.0f events in %.2f s = %,.0f events/s under JFR (recording: %s)",
                values.get("events"), seconds, values.get("events_per_s"), file));
        out.add(String.format(Locale.ROOT, "on-CPU method samples: %,d (%,d with truncated stacks; waits for a reply or an fsync"
                + " are not in them); by process role (self + callees):", samples, truncated));
        roles.top(20).forEach((k, n) -> {
            if (n * 1000 >= total) {                      // roles under 0.1% are noise
                out.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * n / total, k));
            }
        });
        out.add("share of method samples under key methods (inclusive; they overlap):");
        inclusive.top(30).forEach((k, n) -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * n / total, k)));
        out.add("the exchange's samples by its innermost own method (self + callees):");
        long inExchange = roles.counts.getOrDefault(EXCHANGE, 0L);
        exchangeSteps.top(10).forEach((k, n) -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * n / inExchange, k)));
        out.add("hottest methods (self time):");
        selfMethods.top(20).forEach((k, n) -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * n / total, k)));
        Map<String, Double> cores = new HashMap<>();            // thread group -> mean cores used
        int cpus = Runtime.getRuntime().availableProcessors();
        threadCpu.forEach((id, c) -> cores.merge(threadGroup(threadNames.get(id)), c[0] / c[1] * cpus, Double::sum));
        out.add(String.format(Locale.ROOT, "CPU by thread (mean cores of %d, jdk.ThreadCPULoad; virtual threads run on the ForkJoinPool workers):", cpus));
        cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .forEach(en -> out.add(String.format(Locale.ROOT, "  %5.2f  %s", en.getValue(), en.getKey())));
        out.add("fsync (jdk.FileForce) by file: each file's writer is busy forcing for the % of the run shown:");
        forces.forEach((k, f) -> out.add(String.format(Locale.ROOT, "  %,7.0f forces  %,9.1f ms  (%.2f ms each, %3.0f%% of the run)  %s",
                f[0], f[1], f[1] / f[0], f[1] / 10 / seconds, k)));
        out.add(String.format(Locale.ROOT, "GC: %.0f collections, %.1f ms paused in all (%.1f%% of the run), longest %.1f ms",
                gc[0], gc[1], gc[1] / 10 / seconds, gc[2]));
        out.add("threads in native code (top frames, jdk.NativeMethodSample; fsync waits show here):");
        long natives = nativeTop.total();
        nativeTop.top(6).forEach((k, n) -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * n / natives, k)));
        return out;
    }

    private static List<String> methods(RecordedStackTrace st) {
        List<String> out = new ArrayList<>(st.getFrames().size());
        for (RecordedFrame f : st.getFrames()) {
            out.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        }
        return out;
    }

    private static boolean isExchangeFrame(String frame) {
        for (String part : EXCHANGE_PARTS) {
            if (frame.startsWith(CALL_PACKAGE + part + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String role(List<String> frames, RecordedThread thread) {
        for (var role : ROLES) {
            for (String frame : frames) {
                for (String marker : role.getValue()) {
                    if (frame.startsWith(marker)) {
                        return role.getKey();
                    }
                }
            }
        }
        String name = thread == null ? "?" : thread.getJavaName();
        if (name != null && name.startsWith("log-writer")) {
            return "log writers (batch encode, write, fsync)";
        }
        return "other: " + (thread != null && thread.isVirtual() ? "virtual thread" : threadGroup(name)) + " in " + frames.getLast();
    }

    /** Thread names without their numbers, so a pool's workers add up. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[0-9]+", "N");
    }

    /** A forced file's kind: its topic folder or the offsets store, without the run's temporary path. */
    private static String fileKind(String path) {
        if (path == null) {
            return "?";
        }
        Path p = Path.of(path);
        Path parent = p.getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        String name = p.getFileName().toString();
        return folder.replaceAll("[0-9]+", "N") + "/" + (name.matches("[0-9]+\\.log") ? "*.log" : name.replaceAll("[0-9]+", "N"));
    }

    /** Counts by key. */
    private static final class Tally {
        private final Map<String, Long> counts = new HashMap<>();

        void add(String key) {
            counts.merge(key, 1L, Long::sum);
        }

        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        Map<String, Long> top(int n) {
            Map<String, Long> out = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }
    }
}
