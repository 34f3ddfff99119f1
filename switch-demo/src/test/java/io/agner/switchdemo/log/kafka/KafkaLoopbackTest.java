package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a broker and its clients running, every socket this JVM listens on is bound to the
 * loopback address: Kafka's listeners, its controller quorum, and anything else a test started.
 * Reads Linux's socket tables ({@code /proc/net/tcp}, {@code /proc/net/tcp6}) and keeps the
 * sockets whose inodes this process holds ({@code /proc/self/fd -> socket:[inode]}).
 */
class KafkaLoopbackTest {

    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    @TempDir
    static Path dir;

    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A listening TCP socket of this process. */
    record Listener(InetAddress address, int port) {}

    @Test
    void everyListeningSocketOfThisJvm_isOnLoopback_includingTheBrokers() throws IOException {
        try (EventLog log = KafkaEventLog.connect(kafka.bootstrap())) {
            TopicPartition tp = new TopicPartition("loopback", 0);
            log.createTopic(tp.topic(), 1);
            log.producer().append(ProducerRecord.of(tp, null, "x".getBytes(StandardCharsets.UTF_8)));
            try (LogConsumer c = log.consumer("loopback", StartPosition.EARLIEST)) {
                c.subscribe(List.of(tp.topic()));
                assertFalse(c.poll(1, Duration.ofSeconds(20)).isEmpty(), "the broker serves a group consumer");

                List<Listener> listeners = listeningSocketsOfThisProcess();
                for (Listener l : listeners) {
                    assertTrue(l.address().isLoopbackAddress(), "this JVM listens on " + l.address() + ":" + l.port()
                            + ", not loopback; all listeners: " + listeners);
                }
                Set<Integer> ports = new HashSet<>();
                listeners.forEach(l -> ports.add(l.port()));
                assertTrue(ports.containsAll(Set.of(kafka.brokerPort(), kafka.controllerPort())),
                        "the broker's ports " + kafka.brokerPort() + " and " + kafka.controllerPort() + " are among " + listeners);
            }
        }
    }

    @Test
    void properties_putEveryListenerOnLoopback() {
        var p = LocalKafka.properties(dir, 1234, 5678);
        assertEquals("PLAINTEXT://127.0.0.1:1234,CONTROLLER://127.0.0.1:5678", p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:1234", p.get("advertised.listeners"));
        assertEquals("1@127.0.0.1:5678", p.get("controller.quorum.voters"));
        assertEquals("127.0.0.1:" + kafka.brokerPort(), kafka.bootstrap());
    }

    static List<Listener> listeningSocketsOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd closed between listing and reading (the listing's own, for one): not a socket of ours
                }
            }
        }
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        assertFalse(listeners.isEmpty(), "found no listening socket of this process; inodes " + inodes);
        return listeners;
    }

    /**
     * The kernel prints an address as 32-bit words in host order (little-endian here). An
     * IPv4-mapped IPv6 address (a dual-stack socket bound to 127.0.0.1) comes back as the IPv4 one.
     */
    static InetAddress address(String hex) throws UnknownHostException {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(address);
    }
}
