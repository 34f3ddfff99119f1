package io.agner.switchdemo.cluster;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.ServerRef;
import io.agner.hotswap.ControlServer;
import io.agner.runtime.Node;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.AreaManager;
import io.agner.switchdemo.Options;
import io.agner.switchdemo.SwitchApp;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.kafka.KafkaLogConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * One switch node of a cluster: a JVM with its own agner node, serving the exchange areas that
 * Kafka's group management gives it, until it is stopped (SIGTERM hands its areas over cleanly;
 * SIGKILL leaves them to the others once its session times out). Prints one line per ownership
 * change and a status line every two seconds, each prefixed with its name.
 *
 * <p>{@code SwitchNode --log kafka:127.0.0.1:9092 --node switch-1 --areas 4 [traffic options as
 * SwitchDemo: --subscribers --trunks --erlangs --holding] [--billing-dir switch-demo]
 * [--session-timeout 3]} (seconds: how soon a dead node's areas move; too short on a loaded
 * machine and a live node loses its areas too). The log must be Kafka: the nodes of a cluster
 * share it, and its group management assigns the areas.
 */
public final class SwitchNode {

    private SwitchNode() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Options.parse(args);
        String name = opt.getOrDefault("node", "switch-" + ProcessHandle.current().pid());
        int areas = Integer.parseInt(opt.getOrDefault("areas", "4"));
        TrafficConfig traffic = Options.traffic(opt);
        Path billingDir = Path.of(opt.getOrDefault("billing-dir", "switch-demo"));
        KafkaLogConfig kafka = KafkaLogConfig.of(bootstrap(Options.required(opt, "log")))
                .withSessionTimeout(Duration.ofMillis((long) (1000 * Double.parseDouble(opt.getOrDefault("session-timeout", "3")))))
                .withClientProperty("partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        EventLog log = EventLogs.kafka(kafka);
        Node node = Node.start();
        ControlServer control = null;
        try {
            CodeServer.start(node);
            SwitchApp.loadModules(node, billingDir);
            control = ControlServer.start(node, name);
            SwitchApp app = SwitchApp.start(node, log);
            app.manageAreas(area -> new Exchange.Config(traffic.withArea(area).directory(), traffic.trunks(),
                    Duration.ofHours(2), 5_000), change -> say(name, change));
            ControlServer controlToClose = control;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                handOver(node, name);
                node.close();
                controlToClose.close();
                log.close();
            }));
            say(name, "up; serving the areas Kafka assigns (" + areas + " in all)");
            while (true) {
                new CountDownLatch(1).await(2, java.util.concurrent.TimeUnit.SECONDS);
                Map<Integer, ExchangeStatus> mine = new TreeMap<>();
                for (int a = 0; a < areas; a++) {
                    if (node.whereis(Exchange.name(a)).isPresent()) {
                        mine.put(a, app.exchange(a));
                    }
                }
                StringBuilder line = new StringBuilder("areas " + mine.keySet());
                mine.forEach((a, s) -> line.append(String.format(" | area %d: events %,d, active %d, blocked %,d", a,
                        s.events(), s.activeCalls(), s.blocked())));
                line.append(String.format(" | CDRs %,d", app.billing().cdrs()));
                say(name, line.toString());
            }
        } catch (RuntimeException | Error e) {
            node.close();
            if (control != null) {
                control.close();
            }
            log.close();
            throw e;
        }
    }

    /**
     * Stops the area manager while the rest of the switch still runs, so every area is handed
     * over in order: the manager leaves the group, and for each area it owned the exchange
     * finishes its batch, checkpoints and commits, and the subtree stops. {@link Node#close()}
     * alone would not do: it signals every process at once, so the areas' supervisors may be
     * gone before the manager asks them to stop an area, and the other nodes could start an
     * area before its last checkpoint is written.
     */
    static void handOver(Node node, String name) {
        try {
            Supervisor.terminateChild(node, ServerRef.named(SwitchApp.NAME), AreaManager.NAME);
        } catch (RuntimeException e) {
            say(name, "handing the areas over failed (" + e + "); the next owners resume from the last checkpoints");
        }
    }

    /** The bootstrap servers of a {@code kafka:<host:port>[,...]} log spec. */
    static String bootstrap(String logSpec) {
        String prefix = "kafka:";
        if (!logSpec.startsWith(prefix) || logSpec.length() == prefix.length()) {
            throw new IllegalArgumentException("a switch node needs the log its cluster shares, --log kafka:<host:port>; was '"
                    + logSpec + "'");
        }
        return logSpec.substring(prefix.length());
    }

    static void say(String name, String message) {
        System.out.println(name + ": " + message);
        System.out.flush();
    }
}
