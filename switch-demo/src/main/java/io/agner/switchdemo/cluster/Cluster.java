package io.agner.switchdemo.cluster;

import io.agner.switchdemo.AreaManager;
import io.agner.switchdemo.billing.BillingHost;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficSource;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.kafka.LocalKafka;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.SwitchTopics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A switch cluster on one machine: a single-broker Kafka (KRaft, 127.0.0.1 only) in this JVM,
 * switch nodes as separate JVMs ({@link SwitchNode}), and one traffic source per exchange area.
 * Used by {@code make demo-cluster} ({@link ClusterDemo}) and by the multi-node test. Methods are
 * called from one thread; node output is read on a thread per node and may be read from any.
 *
 * @param areas partitions of the switch topics, one exchange area each
 */
public final class Cluster implements AutoCloseable {

    private final TrafficConfig traffic;
    private final int areas;
    private final Path billingDir;
    private final List<String> nodeOptions;
    private final LocalKafka kafka;
    private final EventLog log;
    private final Map<String, Process> nodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<TrafficSource> sources = new ArrayList<>();
    private final List<String> ownership = new CopyOnWriteArrayList<>();
    private final Consumer<String> out;

    /**
     * Starts the broker in {@code dir} and creates the topics.
     *
     * @param nodeOptions traffic options passed on to every node (they must describe {@code traffic})
     * @param out         where node output goes, line by line
     */
    public Cluster(Path dir, TrafficConfig traffic, int areas, Path billingDir, List<String> nodeOptions,
                   Consumer<String> out) {
        this.traffic = traffic;
        this.areas = areas;
        this.billingDir = billingDir;
        this.nodeOptions = List.copyOf(nodeOptions);
        this.out = out;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.values().forEach(Process::destroyForcibly)));  // never orphan a node
        this.kafka = LocalKafka.start(dir.resolve("kafka"));
        this.log = EventLogs.kafka(kafka.bootstrap());
        SwitchTopics.create(log, areas);
        AreaManager.createTopic(log, areas);
    }

    public String bootstrap() {
        return kafka.bootstrap();
    }

    public EventLog log() {
        return log;
    }

    /** Starts a switch node JVM named {@code name}; like the demo's own JVM, it exits on an {@code OutOfMemoryError}. */
    public void startNode(String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--sun-misc-unsafe-memory-access=allow", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SwitchNode.class.getName(), "--log", "kafka:" + kafka.bootstrap(), "--node", name, "--areas", Integer.toString(areas),
                "--billing-dir", billingDir.toString()));
        cmd.addAll(nodeOptions);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        nodes.put(name, p);
        Thread.ofPlatform().daemon().name("out-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("started area") || line.contains("handed over area") || line.contains("lost area")) {
                        ownership.add(line);
                    }
                    out.accept(line);
                }
            } catch (IOException gone) {
                // the node was killed
            }
        });
    }

    /**
     * Stops a node cleanly (SIGTERM) and waits until its JVM has exited: its area manager hands
     * every area over (checkpointed and committed) before it leaves the group.
     */
    public void stopNode(String name) throws InterruptedException {
        Process p = nodes.remove(name);
        p.toHandle().destroy();             // not Process.destroy(): that also closes our end of its output, losing its last lines
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("node " + name + " did not stop within 60 s of SIGTERM; killed it");
        }
    }

    /** Kills a node the hard way (SIGKILL): its areas move once its Kafka session times out. */
    public void killNode(String name) {
        Process p = nodes.remove(name);
        p.toHandle().destroyForcibly();
        p.onExit().join();
    }

    /** Starts one traffic source per area, together paced at {@code eventsPerSecond} (0 = unpaced). */
    public void startTraffic(double eventsPerSecond) {
        for (int a = 0; a < areas; a++) {
            TrafficSource source = new TrafficSource(log, traffic.withArea(a), eventsPerSecond / areas);
            sources.add(source);
            Thread.ofPlatform().name("traffic-" + a).start(source);
        }
    }

    /** Ownership changes the nodes reported ("started area 2", "handed over area 2", "lost area 2 ..."), in order. */
    public List<String> ownership() {
        return List.copyOf(ownership);
    }

    /** Events the exchanges have committed, over all areas. */
    public long eventsCommitted() {
        long sum = 0;
        for (int a = 0; a < areas; a++) {
            sum += SwitchReport.committed(log, a);
        }
        return sum;
    }

    /** Whether all traffic is in, every area's exchange has committed all of it and billing all call records. */
    public boolean caughtUp() {
        if (sources.isEmpty() || !sources.stream().allMatch(TrafficSource::done)) {
            return false;
        }
        try (LogConsumer billing = log.consumer(BillingHost.GROUP, StartPosition.EARLIEST)) {
            for (int a = 0; a < areas; a++) {
                if (SwitchReport.committed(log, a) < log.endOffset(SwitchTopics.events(a))
                        || billing.committed(SwitchTopics.calls(a)).orElse(0) < log.endOffset(SwitchTopics.calls(a))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Each area's account, read back from Kafka. */
    public List<SwitchReport> reports() {
        List<SwitchReport> reports = new ArrayList<>();
        for (int a = 0; a < areas; a++) {
            reports.add(SwitchReport.read(log, traffic.withArea(a)));
        }
        return reports;
    }

    /** Stops the nodes (SIGTERM: each hands its areas over), then the clients and the broker. */
    @Override
    public void close() {
        for (Process p : nodes.values()) {
            p.toHandle().destroy();
        }
        for (Process p : nodes.values()) {
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        nodes.clear();
        log.close();
        kafka.close();
    }
}
