package io.agner.switchdemo.cluster;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.ServerRef;
import io.agner.hotswap.ControlServer;
import io.agner.runtime.Node;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.AreaManager;
import io.agner.cli.CommandLines;
import io.agner.switchdemo.TrafficOptions;
import io.agner.switchdemo.SwitchApp;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.kafka.KafkaLogConfig;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
        switch (parse(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args)) {
            case CommandLines.Parsed.Exit<Settings>(int status) -> System.exit(status);
            case CommandLines.Parsed.Run<Settings>(Settings settings) -> run(settings);
        }
    }

    /**
     * A switch node's options.
     *
     * @param bootstrap      the Kafka cluster's bootstrap servers (from {@code --log kafka:<host:port>[,...]})
     * @param name           the node's name (for {@code bin/agner --node})
     * @param areas          the exchange areas of the cluster, in all
     * @param traffic        each area's traffic
     * @param billingDir     where the module jars are built
     * @param sessionTimeout how soon a dead node's areas move
     */
    record Settings(String bootstrap, String name, int areas, TrafficConfig traffic, Path billingDir, Duration sessionTimeout) {}

    /** Parses a switch node's command line; see {@link CommandLines#parse}. */
    static CommandLines.Parsed<Settings> parse(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.parse(new Spec(), out, err, args);
    }

    @Command(name = "switch-node", sortOptions = false, description = "One switch node of a cluster on Kafka.")
    static final class Spec implements CommandLines.Spec<Settings> {

        @Option(names = "--log", paramLabel = "kafka:HOST:PORT", required = true, description = "the log the cluster shares")
        String log;

        @Option(names = "--node", paramLabel = "NAME", description = "the node's name (default: switch-<pid>)")
        String node;

        @Option(names = "--areas", paramLabel = "N", description = "exchange areas in all (default: ${DEFAULT-VALUE})")
        int areas = 4;

        @Mixin
        TrafficOptions traffic = new TrafficOptions();

        @Option(names = "--billing-dir", paramLabel = "DIR", description = "where the module jars are built (default: ${DEFAULT-VALUE})")
        Path billingDir = Path.of("switch-demo");

        @Option(names = "--session-timeout", paramLabel = "SECONDS",
                description = "how soon a dead node's areas move (default: ${DEFAULT-VALUE})")
        double sessionTimeout = 3;

        @Override
        public Settings options() {
            if (areas < 1 || areas > 64) {
                throw new IllegalArgumentException("--areas is 1..64, was " + areas);
            }
            if (!(sessionTimeout > 0) || Double.isInfinite(sessionTimeout)) {
                throw new IllegalArgumentException("--session-timeout must be > 0 seconds, was " + sessionTimeout);
            }
            return new Settings(bootstrap(log), node != null ? node : "switch-" + ProcessHandle.current().pid(), areas,
                    traffic.traffic(24), billingDir, Duration.ofMillis(Math.round(1000 * sessionTimeout)));
        }
    }

    private static void run(Settings settings) throws Exception {
        String name = settings.name();
        int areas = settings.areas();
        TrafficConfig traffic = settings.traffic();
        Path billingDir = settings.billingDir();
        KafkaLogConfig kafka = KafkaLogConfig.of(settings.bootstrap())
                .withSessionTimeout(settings.sessionTimeout())
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
