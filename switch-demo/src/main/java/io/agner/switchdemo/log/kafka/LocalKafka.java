package io.agner.switchdemo.log.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A real single-node Kafka (KRaft broker and controller in one) running in this JVM, with every
 * listener on 127.0.0.1: for tests, and for a person who wants a Kafka to point the switch at.
 * Start and close from any thread; {@link #bootstrap()} from any.
 *
 * <p>It is Kafka's own broker ({@code kafka.server.KafkaRaftServer}), started the way
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh} would: the folder is formatted
 * once with {@link Formatter} (a folder formatted before is reused as it is, so topics, records
 * and committed offsets survive a restart), then the server starts. Both ports are picked by
 * binding 127.0.0.1 port 0 and closing it again, unless a broker port is given; another process
 * could take a port in between, and the start then fails with Kafka's bind error.
 *
 * <p>The settings are those of a one-node development cluster: internal topics with one replica,
 * one partition for consumer offsets (groups start fast), no delay before a group's first
 * rebalance, group session timeouts down to 500 ms allowed, and no topic created by merely
 * naming it ({@code auto.create.topics.enable=false}, as the embedded log refuses unknown topics).
 * Kafka's {@code KafkaClusterTestKit} is deliberately not used: it binds every interface.
 *
 * <p>Run it by hand (issue 8's {@code make demo-cluster}):
 * {@snippet lang=shell :
 * java -cp "switch-demo/target/classes:$(cat switch-demo/target/classpath.txt)" \
 *      io.agner.switchdemo.log.kafka.LocalKafka /tmp/kafka-data [broker-port]
 * }
 * It prints the bootstrap address ({@code 127.0.0.1:<port>}) and serves until Ctrl-C.
 */
public final class LocalKafka implements AutoCloseable {

    /** Every node of this cluster is node 1. */
    private static final int NODE_ID = 1;

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaRaftServer server;

    // RUNNING -> CLOSED, under this; close() shuts the server down outside the lock.
    private boolean closed;

    private LocalKafka(Path dir, int brokerPort, int controllerPort, KafkaRaftServer server) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Formats {@code dir} if needed and starts a broker on two free loopback ports; returns once it serves clients. */
    public static LocalKafka start(Path dir) {
        return start(dir, 0);
    }

    /**
     * Formats {@code dir} if needed and starts a broker whose client listener is on
     * {@code 127.0.0.1:brokerPort} (0 picks a free port); returns once it serves clients.
     *
     * @throws IllegalStateException when the folder cannot be formatted or the server does not start
     */
    public static LocalKafka start(Path dir, int brokerPort) {
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("brokerPort must be in [0, 65535], was " + brokerPort);
        }
        Path logDir = dir.toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka's log folder " + logDir, e);
        }
        int bport = brokerPort == 0 ? freeLoopbackPort() : brokerPort;
        int cport = freeLoopbackPort();
        KafkaConfig config = new KafkaConfig(properties(logDir, bport, cport), false);
        format(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();              // returns once the broker is unfenced and serves requests
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException("the Kafka broker in " + logDir + " did not start (ports " + bport
                    + ", controller " + cport + "): " + e.getMessage(), e);
        }
        return new LocalKafka(logDir, bport, cport, server);
    }

    /** The broker's configuration: one node, loopback only, development-sized internal topics. */
    static Map<String, String> properties(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "500");
        return p;
    }

    /** Writes meta.properties and the bootstrap snapshot, as {@code kafka-storage.sh format --ignore-formatted} does. */
    private static void format(KafkaConfig config, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(config.controllerListenerNames().getFirst())
                    .setWriteBootstrapSnapshot(true)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka's log folder " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback address", e);
        }
    }

    /** The address clients connect to: {@code 127.0.0.1:<port>}. */
    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dir() {
        return dir;
    }

    /** Shuts the broker and controller down and waits until they have stopped; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.shutdown();
        server.awaitShutdown();
    }

    /** {@code LocalKafka <dir> [broker-port]}: starts a broker, prints its bootstrap address, serves until Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LocalKafka <log-dir> [broker-port]");
            System.exit(2);
        }
        long started = System.nanoTime();
        LocalKafka kafka = start(Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : 0);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "local-kafka-shutdown"));
        System.out.printf("Kafka serving %s (data in %s, started in %d ms); Ctrl-C stops it%n",
                kafka.bootstrap(), kafka.dir(),
                (System.nanoTime() - started) / 1_000_000);
        System.out.flush();
        stopped.await();
    }
}
