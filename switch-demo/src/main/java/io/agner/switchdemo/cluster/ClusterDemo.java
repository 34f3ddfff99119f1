package io.agner.switchdemo.cluster;

import io.agner.switchdemo.Options;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.report.SwitchReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code make demo-cluster}: the switch on Apache Kafka. Starts a single-broker Kafka (KRaft, on
 * 127.0.0.1) in this JVM, then several switch nodes as separate JVMs in one consumer group, each
 * serving the exchange areas Kafka assigns it; runs traffic in every area, kills one node with
 * SIGKILL mid-run, and prints each area's account — the same report as the single-node demo —
 * with the ownership changes and the checks that nothing was lost or billed twice.
 *
 * <p>Options: {@code --nodes 3 --areas 4 --rate 6000} (events per second, all areas together)
 * {@code --hours 6} (simulated, per area) and the single-node demo's traffic options.
 */
public final class ClusterDemo {

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Options.parse(args);
        opt.putIfAbsent("hours", "6");
        int nodes = Integer.parseInt(opt.getOrDefault("nodes", "3"));
        int areas = Integer.parseInt(opt.getOrDefault("areas", "4"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "6000"));
        TrafficConfig traffic = Options.traffic(opt);
        List<String> trafficOptions = new ArrayList<>();
        for (String key : List.of("seed", "subscribers", "trunks", "erlangs", "holding", "hours")) {
            if (opt.containsKey(key)) {
                trafficOptions.addAll(List.of("--" + key, opt.get(key)));
            }
        }
        Path dir = Files.createTempDirectory("agner-cluster-");
        System.out.printf("agner switch cluster: %d nodes, %d areas (each %,d subscribers, %d trunks, %.1f erlangs, %s simulated)%n",
                nodes, areas, traffic.subscribers(), traffic.trunks(), traffic.offeredErlangs(), traffic.duration());
        java.util.concurrent.atomic.AtomicBoolean echo = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (Cluster cluster = new Cluster(dir, traffic, areas, Path.of(opt.getOrDefault("billing-dir", "switch-demo")),
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
