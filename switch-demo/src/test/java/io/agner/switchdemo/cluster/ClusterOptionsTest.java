package io.agner.switchdemo.cluster;

import io.agner.switchdemo.ParseResult;
import io.agner.switchdemo.ingest.TrafficConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster demo's and a switch node's options; no broker or node is started. */
class ClusterOptionsTest {

    @Test
    void clusterDemo_defaults_andTheTrafficItPassesToEachNode() {
        ClusterDemo.Settings s = ParseResult.of(ClusterDemo::parse).options();
        assertEquals(3, s.nodes());
        assertEquals(4, s.areas());
        assertEquals(6000, s.rate());
        assertEquals(Duration.ofHours(6), s.traffic().duration());
        assertEquals(Path.of("switch-demo"), s.billingDir());

        ClusterDemo.Settings given = ParseResult.of(ClusterDemo::parse, "--nodes", "2", "--areas=3", "--rate", "100",
                "--trunks", "80", "--hours", "1").options();
        assertEquals(List.of(2, 3), List.of(given.nodes(), given.areas()));
        assertEquals(100, given.rate());
        SwitchNode.Settings node = ParseResult.of(SwitchNode::parse, withLog(given.nodeArgs())).options();
        assertEquals(given.traffic(), node.traffic(), "a node's traffic is the demo's");
    }

    private static String[] withLog(List<String> args) {
        List<String> all = new java.util.ArrayList<>(List.of("--log", "kafka:127.0.0.1:9092", "--node", "switch-1"));
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    @Test
    void clusterDemo_refusesAMisspelledOptionWithTheUsage_andABadNumberInOneLine() {
        ParseResult<ClusterDemo.Settings> misspelled = ParseResult.of(ClusterDemo::parse, "--rat", "2000");
        assertEquals(2, misspelled.status());
        assertTrue(misspelled.err().contains("Usage: cluster-demo"), misspelled.err());
        ParseResult<ClusterDemo.Settings> bad = ParseResult.of(ClusterDemo::parse, "--nodes", "three");
        assertEquals(2, bad.status());
        assertEquals(1, bad.errLines().size(), bad.err());
        ParseResult<ClusterDemo.Settings> last = ParseResult.of(ClusterDemo::parse, "--nodes");
        assertEquals(2, last.status());
        assertTrue(last.err().contains("Missing required parameter for option '--nodes'"), last.err());
    }

    @Test
    void switchNode_parsesWhatTheClusterPasses() {
        SwitchNode.Settings s = ParseResult.of(SwitchNode::parse, "--log", "kafka:127.0.0.1:9092,127.0.0.1:9093",
                "--node", "switch-2", "--areas", "8", "--billing-dir", "x", "--session-timeout", "1.5").options();
        assertEquals("127.0.0.1:9092,127.0.0.1:9093", s.bootstrap());
        assertEquals("switch-2", s.name());
        assertEquals(8, s.areas());
        assertEquals(Path.of("x"), s.billingDir());
        assertEquals(Duration.ofMillis(1500), s.sessionTimeout());
        assertEquals(TrafficConfig.DEFAULT, s.traffic());
    }

    @Test
    void switchNode_needsAKafkaLog() {
        ParseResult<SwitchNode.Settings> none = ParseResult.of(SwitchNode::parse, "--node", "n");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("--log"), none.err());
        ParseResult<SwitchNode.Settings> embedded = ParseResult.of(SwitchNode::parse, "--log", "embedded:/x");
        assertEquals(2, embedded.status());
        assertEquals(1, embedded.errLines().size(), embedded.err());
    }
}
