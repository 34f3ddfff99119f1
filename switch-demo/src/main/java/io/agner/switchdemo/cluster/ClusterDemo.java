package io.agner.switchdemo.cluster;

import io.agner.cli.CommandLines;
import io.agner.switchdemo.TrafficOptions;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.report.SwitchReport;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code make demo-cluster}: the switch on Apache Kafka. Starts a single-broker Kafka (KRaft, on
 * 127.0.0.1) in this JVM, then several switch nodes as separate JVMs in one consumer group, each
 * serving the exchange areas Kafka assigns it; runs traffic in every area, kills one node with
 * SIGKILL mid-run, and prints each area's account — the same report as the single-node demo —
 * with the ownership changes and the checks that nothing was lost or billed twice.
 *
 * <p>Options: {@code --nodes 3 --areas 4 --rate 6000} (events per second, all areas together)
 * {@code --hours 6} (simulated, per area) and the single-node demo's traffic options ({@link TrafficOptions});
 * {@code --help} lists them, and a wrong one exits with status 2.
 */
public final class ClusterDemo {

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        switch (parse(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args)) {
            case CommandLines.Parsed.Exit<Settings>(int status) -> System.exit(status);
            case CommandLines.Parsed.Run<Settings>(Settings settings) -> run(settings);
        }
    }

    /**
     * The cluster demo's options.
     *
     * @param nodes        switch node JVMs, 1..16 (one of them is killed mid-run)
     * @param areas        exchange areas, 1..64
     * @param rate         events per second, all areas together, > 0
     * @param traffic      each area's traffic
     * @param nodeArgs     the traffic options as each switch node's arguments
     * @param billingDir   where the module jars are built
     */
    record Settings(int nodes, int areas, double rate, TrafficConfig traffic, List<String> nodeArgs, Path billingDir) {}

    /** Parses the cluster demo's command line; see {@link CommandLines#parse}. */
    static CommandLines.Parsed<Settings> parse(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.parse(new Spec(), out, err, args);
    }

    @Command(name = "cluster-demo", sortOptions = false,
            description = "The switch on Apache Kafka: a local broker, switch nodes as JVMs, one killed mid-run (make demo-cluster).")
    static final class Spec implements CommandLines.Spec<Settings> {
        private static final double HOURS = 6;

        @Option(names = "--nodes", paramLabel = "N", description = "switch node JVMs (default: ${DEFAULT-VALUE})")
        int nodes = 3;

        @Option(names = "--areas", paramLabel = "N", description = "exchange areas (default: ${DEFAULT-VALUE})")
        int areas = 4;

        @Option(names = "--rate", paramLabel = "N", description = "events per second, all areas together (default: ${DEFAULT-VALUE})")
        double rate = 6000;

        @Mixin
        TrafficOptions traffic = new TrafficOptions();

        @Option(names = "--billing-dir", paramLabel = "DIR", description = "where the module jars are built (default: ${DEFAULT-VALUE})")
        Path billingDir = Path.of("switch-demo");

        @Override
        public Settings options() {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("--nodes is 1..16, was " + nodes);
            }
            if (areas < 1 || areas > 64) {
                throw new IllegalArgumentException("--areas is 1..64, was " + areas);
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate must be > 0, was " + rate);
            }
            return new Settings(nodes, areas, rate, traffic.traffic(HOURS), traffic.asArgs(HOURS), billingDir);
        }
    }

    private static void run(Settings settings) throws Exception {
        int nodes = settings.nodes();
        int areas = settings.areas();
        double rate = settings.rate();
        TrafficConfig traffic = settings.traffic();
        List<String> trafficOptions = settings.nodeArgs();
        Path dir = Files.createTempDirectory("agner-cluster-");
        System.out.printf("agner switch cluster: %d nodes, %d areas (each %,d subscribers, %d trunks, %.1f erlangs, %s simulated)%n",
                nodes, areas, traffic.subscribers(), traffic.trunks(), traffic.offeredErlangs(), traffic.duration());
        java.util.concurrent.atomic.AtomicBoolean echo = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (Cluster cluster = new Cluster(dir, traffic, areas, settings.billingDir(),
                trafficOptions, line -> {
                    if (echo.get()) {
                        System.out.println(line);
                    }
                })) {
            System.out.println("Kafka (KRaft, one broker) listening on " + cluster.bootstrap() + " only; data in " + dir);
            for (int n = 1; n <= nodes; n++) {
                cluster.startNode("switch-" + n);
            }
            waitUntil(() -> cluster.ownership().stream().filter(l -> l.contains("started area")).count() >= areas,
                    "every area has an owner", 120);
            cluster.startTraffic(rate);
            long expected = (long) (traffic.arrivalRate() * traffic.duration().toSeconds() * 4 * areas);
            waitUntil(() -> cluster.eventsCommitted() >= expected * 2 / 5, "40% of the traffic is switched", 600);
            String victim = "switch-" + nodes;
            System.out.println(">>> killing " + victim + " with SIGKILL; its areas move once its Kafka session times out");
            cluster.killNode(victim);
            waitUntil(cluster::caughtUp, "all traffic is switched and billed", 900);
            echo.set(false);                // the nodes' status lines would run through the report

            System.out.println();
            System.out.println("=== ownership changes ===");
            cluster.ownership().forEach(System.out::println);
            long calls = 0, cdrs = 0, lost = 0, duplicates = 0, rewritten = 0;
            int holding = 0;
            List<SwitchReport> reports = cluster.reports();
            for (int a = 0; a < reports.size(); a++) {
                SwitchReport r = reports.get(a);
                System.out.println();
                System.out.println("=== area " + a + " ===");
                System.out.print(r.render());
                calls += r.calls();
                cdrs += r.cdrs();
                lost += r.events() - r.eventsConsumed();
                duplicates += r.duplicateCdrs();
                rewritten += r.duplicateCalls();
                holding += r.erlangBHolds() ? 1 : 0;
            }
            System.out.println();
            System.out.printf("=== cluster === calls %,d, CDRs %,d (one per call: %s), duplicate CDRs %d, events lost %d, "
                            + "call records rewritten after the kill %,d, Erlang B within its 95%% interval in %d of %d areas%n",
                    calls, cdrs, calls == cdrs ? "yes" : "NO", duplicates, lost, rewritten, holding, reports.size());
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting until " + what + " after " + seconds + " s");
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }

    static long count(SwitchReport r, Outcome o) {
        return r.outcomes().get(o);
    }
}
