package io.agner.switchdemo;

import io.agner.cli.CommandLines;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.ServerRef;
import io.agner.hotswap.ControlServer;
import io.agner.cli.Agner;
import io.agner.observer.Observer;
import io.agner.observer.ObserverOptions;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.billing.BillingHost;
import io.agner.switchdemo.billing.BillingStatus;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.BadEvents;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficSource;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.SwitchTopics;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make demo}: a telephone switch on agner. Starts a node with the embedded log in a fresh
 * folder (or on the log {@code --log} names), runs seeded traffic through the switch with a live status line, injects faults,
 * upgrades billing v1 → v2 through the {@code agner} control channel mid-run, and prints the
 * final report. Options: {@code --areas (exchange areas, default one per core; each gets the traffic below)
 * --erlangs --trunks --subscribers --holding (seconds) --hours --seed
 * --rate (events/s, 0 = unpaced) --faults=on|off --upgrade=billing|lines|both|off --bad-events=on|off --keep-running --data DIR
 * --log SPEC --node NAME}. {@code --upgrade=billing} (also {@code on}, the default) upgrades the
 * billing module mid-run; {@code --upgrade=lines} upgrades the line module, every live line process
 * at once, {@code line@1 → line@2}, mid-run, and prints how many, the longest pause, and the final
 * checks (calls dropped, events lost); {@code both} does both. {@code --log kafka:<host:port>} runs it on a Kafka cluster instead of the
 * embedded log ({@code --log embedded:<dir>} is {@code --data <dir>}; see {@link LogOptions}). Options are
 * parsed by picocli ({@link SwitchDemoOptions}): {@code --help} lists them; a wrong one exits with status 2.
 * Given an existing {@code --data} folder, or a Kafka cluster it ran on before, it resumes where that
 * run stopped.
 */
public final class SwitchDemo {

    private static final DateTimeFormatter SIM = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        switch (SwitchDemoOptions.parse(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args)) {
            case CommandLines.Parsed.Exit<SwitchDemoOptions>(int status) -> System.exit(status);
            case CommandLines.Parsed.Run<SwitchDemoOptions>(SwitchDemoOptions options) -> runDemo(options);
        }
    }

    private static void runDemo(SwitchDemoOptions opt) throws Exception {
        boolean keepRunning = opt.keepRunning();
        TrafficConfig traffic = opt.traffic();
        int areas = opt.areas();
        double rate = opt.rate();
        boolean faults = opt.faults();
        boolean upgrade = opt.upgradeBilling();
        boolean upgradeLines = opt.upgradeLines();
        Path billingDir = opt.billingDir();
        String logSpec = LogOptions.specOrFresh(opt.log());
        String nodeName = opt.node();

        System.out.printf("agner switch demo: %d exchange area%s, each %,d subscribers, %d trunks, %.1f erlangs offered, %s of simulated traffic, seed %d%n",
                areas, areas == 1 ? "" : "s", traffic.subscribers(), traffic.trunks(), traffic.offeredErlangs(),
                traffic.duration(), traffic.seed());
        System.out.printf("event log %s; faults %s; billing upgrade %s; lines upgrade %s%n", logSpec, faults ? "on" : "off",
                upgrade ? "on" : "off", upgradeLines ? "on" : "off");

        try (EventLog log = EventLogs.connect(logSpec); Node node = Node.start()) {     // the node stops first
            CodeServer.start(node);
            SwitchApp.loadModules(node, billingDir);
            try (ControlServer control = ControlServer.start(node, nodeName);
                 Observer observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName(nodeName))) {
                System.out.printf("node '%s' is up; watch it with: bin/agner ps | tree | modules%n", nodeName);
                System.out.printf("observer: %s  (open it in a browser; bin/agner observer prints it again)%n", observer.uri());
                SwitchTopics.create(log, areas);
                SwitchApp app = SwitchApp.start(node, log);
                observer.addDashboard("switch", new SwitchDashboard(app, log, areas, traffic));
                List<TrafficSource> sources = new ArrayList<>();
                long expectedEvents = expectedEvents(traffic) * areas;
                for (int a = 0; a < areas; a++) {
                    TrafficConfig t = traffic.withArea(a);
                    app.startArea(new Exchange.Config(t.directory(), t.trunks(), Duration.ofHours(2), 5_000));
                    List<byte[]> bad = a > 0 || !opt.badEvents() ? List.of() : BadEvents.samples(t);
                    TrafficSource source = new TrafficSource(log, t, rate / areas, bad, Math.max(1, expectedEvents(t) / 6));
                    sources.add(source);
                    Thread.ofPlatform().name("traffic-" + a).start(source);
                }
                LinesUpgrade lines = new LinesUpgrade();
                run(node, log, app, sources, expectedEvents, faults, upgrade, upgradeLines ? lines : null, billingDir, nodeName);
                List<SwitchReport> reports = new ArrayList<>();
                for (int a = 0; a < areas; a++) {
                    reports.add(SwitchReport.read(log, traffic.withArea(a)));
                }
                System.out.println();
                System.out.println("=== final report ===");
                for (int a = 0; a < areas; a++) {
                    if (areas > 1) {
                        System.out.printf("--- area %d ---%n", a);
                    }
                    System.out.print(reports.get(a).render());
                }
                if (areas > 1) {
                    System.out.printf("--- all %d areas ---%n%s", areas, SwitchReport.overall(reports));
                }
                if (upgradeLines) {
                    lines.check(node, app, reports, areas);
                }
                if (keepRunning) {
                    System.out.printf("%nThe node keeps running. Try: bin/agner ps, bin/agner tree, bin/agner modules, "
                            + "bin/agner load %s (or %s); Ctrl-C stops it.%n", billingDir.resolve(SwitchApp.BILLING_V2).toAbsolutePath(),
                            billingDir.resolve(SwitchApp.LINE_V2).toAbsolutePath());
                    CountDownLatch forever = new CountDownLatch(1);
                    forever.await();
                }
            }
        }
    }

    /** Roughly how many events the traffic makes (4 per call), for the progress milestones. */
    private static long expectedEvents(TrafficConfig t) {
        return (long) (t.arrivalRate() * t.duration().toSeconds() * 4);
    }

    private static void run(Node node, EventLog log, SwitchApp app, List<TrafficSource> sources, long expectedEvents,
                            boolean faults, boolean upgrade, LinesUpgrade lines, Path billingDir, String nodeName) {
        SplittableRandom random = new SplittableRandom(7);
        List<Runnable> milestones = new ArrayList<>();
        if (faults) {
            milestones.add(() -> killLineInCall(node, random));
            milestones.add(() -> killCall(node, random));
        }
        if (upgrade) {
            milestones.add(() -> upgradeBilling(billingDir, nodeName));
        }
        if (lines != null) {
            milestones.add(() -> lines.upgrade(node, billingDir));
        }
        if (faults) {
            milestones.add(() -> crashBilling(node));
            milestones.add(() -> killLineInCall(node, random));
        }
        long lastEvents = 0;
        long lastTime = System.nanoTime();
        int next = 0;
        int areas = sources.size();
        while (true) {
            ExchangeStatus s = app.exchangeTotals(areas);
            BillingStatus b = app.billing();
            if (next < milestones.size() && s.events() >= expectedEvents * (next + 1) / (milestones.size() + 1)) {
                System.out.println();
                milestones.get(next++).run();
            }
            long now = System.nanoTime();
            if (now - lastTime >= 1_000_000_000L) {
                double perSecond = (s.events() - lastEvents) * 1e9 / (now - lastTime);
                lastEvents = s.events();
                lastTime = now;
                SwitchApp.Restarts r = app.restarts();
                System.out.printf("sim %s | events %,d (%,.0f/s) | active calls %d | trunks %d | blocked %,d | restarts %d (lines %d, exchange %d, billing %d) | dropped %d | CDRs %,d | lag %,d%n",
                        SIM.format(Instant.ofEpochMilli(s.eventTime())), s.events(), perSecond, s.activeCalls(),
                        s.busyTrunks(), s.blocked(), r.total(), r.lines(), r.exchanges(), r.billing(), s.dropped(), b.cdrs(),
                        endOffsets(log, SwitchTopics::events, areas) - s.nextOffset());
            }
            boolean caughtUp = s.activeCalls() == 0 && b.nextOffset() >= endOffsets(log, SwitchTopics::calls, areas);
            for (int a = 0; a < areas && caughtUp; a++) {
                long end = log.endOffset(SwitchTopics.events(a));
                caughtUp = sources.get(a).done() && app.exchange(a).nextOffset() >= end && SwitchReport.committed(log, a) >= end;
            }
            if (caughtUp && next >= milestones.size()) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }


    /** The summed end offsets of a topic's first {@code areas} partitions. */
    private static long endOffsets(EventLog log, java.util.function.IntFunction<io.agner.switchdemo.log.TopicPartition> partition,
                                   int areas) {
        long sum = 0;
        for (int a = 0; a < areas; a++) {
            sum += log.endOffset(partition.apply(a));
        }
        return sum;
    }

    private static List<Pid> calls(Node node) {
        return Supervisor.whichChildren(node, ServerRef.named(Exchange.CALLS)).stream().map(ChildInfo::pid).flatMap(java.util.Optional::stream).toList();
    }

    static void killLineInCall(Node node, SplittableRandom random) {
        List<Pid> calls = calls(node);
        for (int i = 0; i < calls.size(); i++) {
            ProcessInfo call = node.info(calls.get(random.nextInt(calls.size()))).orElse(null);
            if (call == null) {
                continue;
            }
            for (Pid linked : call.links()) {
                ProcessInfo line = node.info(linked).orElse(null);
                if (line != null && line.registeredName().orElse("").startsWith("line-")) {
                    System.out.printf("fault: killing %s (%s), which is in a call%n", line.registeredName().get(), linked);
                    CALLS_HIT_BY_FAULTS.incrementAndGet();
                    node.exit(linked, ExitReason.KILL);
                    return;
                }
            }
        }
        System.out.println("fault: no line in a call to kill right now");
    }

    static void killCall(Node node, SplittableRandom random) {
        List<Pid> calls = calls(node);
        if (calls.isEmpty()) {
            System.out.println("fault: no call to kill right now");
            return;
        }
        Pid victim = calls.get(random.nextInt(calls.size()));
        System.out.printf("fault: killing call process %s%n", victim);
        CALLS_HIT_BY_FAULTS.incrementAndGet();
        node.exit(victim, ExitReason.KILL);
    }

    static void crashBilling(Node node) {
        node.whereis(BillingHost.BILLING).ifPresent(pid -> {
            System.out.printf("fault: crashing the billing process %s; its supervisor restarts it%n", pid);
            node.exit(pid, ExitReason.KILL);
        });
    }

    /** {@code --upgrade=lines}: every live line process to {@code line@2} in one load, then the checks. */
    /** Calls the fault injection hit (each is dropped: its own call only). */
    private static final java.util.concurrent.atomic.AtomicInteger CALLS_HIT_BY_FAULTS = new java.util.concurrent.atomic.AtomicInteger();

    static final class LinesUpgrade {
        private io.agner.hotswap.Upgrade done;

        void upgrade(Node node, Path moduleDir) {
            Path jar = moduleDir.resolve(SwitchApp.LINE_V2).toAbsolutePath();
            System.out.printf("upgrade: the line module, as bin/agner load %s does it%n", jar);
            done = CodeServer.load(node, jar);
            Duration longest = done.processes().stream().map(io.agner.hotswap.Upgrade.ProcessResult::paused)
                    .max(Duration::compareTo).orElse(Duration.ZERO);
            long upgraded = done.processes().stream().filter(io.agner.hotswap.Upgrade.ProcessResult::upgraded).count();
            if (done.committed()) {
                System.out.printf("lines: %,d processes upgraded line@%s -> line@%s in one command, longest pause %.1f ms%n",
                        upgraded, done.from(), done.to(), longest.toNanos() / 1e6);
            } else {
                System.out.printf("lines: the upgrade line@%s -> line@%s rolled back: %s%n", done.from(), done.to(), done.failure());
            }
        }

        void check(Node node, SwitchApp app, List<SwitchReport> reports, int areas) {
            List<ProcessInfo> lines = node.processes().stream()
                    .filter(p -> p.registeredName().orElse("").startsWith("line-")).toList();
            long onV2 = lines.stream().filter(p -> p.moduleVersion().equals(java.util.Optional.of("line@2"))).count();
            ExchangeStatus x = app.exchangeTotals(areas);
            long events = reports.stream().mapToLong(SwitchReport::events).sum();
            long consumed = reports.stream().mapToLong(SwitchReport::eventsConsumed).sum();
            long deadLetters = reports.stream().mapToLong(SwitchReport::deadLetters).sum();
            System.out.println();
            System.out.println("=== lines upgrade checks ===");
            System.out.printf("upgrade committed:  %s (%,d line processes in one command)%n",
                    done != null && done.committed() ? "yes" : "no", done == null ? 0 : done.processes().size());
            System.out.printf("lines on line@2:    %,d of %,d live line processes%n", onV2, lines.size());
            long byFaults = CALLS_HIT_BY_FAULTS.get();
            System.out.printf("dropped calls:      %,d (%,d hit by the injected faults; %,d otherwise)%n",
                    x.dropped(), byFaults, x.dropped() - byFaults);
            System.out.printf("events lost:        %,d (%,d in the log, %,d consumed by the exchange, %,d dead-lettered)%n",
                    events - consumed, events, x.events() - x.rejected(), deadLetters);
        }
    }

    static void upgradeBilling(Path billingDir, String nodeName) {
        Path jar = billingDir.resolve("billing-v2/target/billing-2.jar");
        System.out.printf("upgrade: bin/agner --node %s load %s%n", nodeName, jar);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        int status = Agner.run(io.agner.hotswap.ControlDir.defaultDir(), out, out, "--node", nodeName, "load", jar.toString());
        if (status != 0) {
            System.out.println("upgrade: the agner command failed with status " + status);
        }
    }

}
