package io.agner.switchdemo.cluster;

import io.agner.switchdemo.billing.Cdr;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficGenerator;
import io.agner.switchdemo.report.SwitchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two switch nodes in one Kafka consumer group over four exchange areas; one is killed mid-run. */
class ClusterTest {

    static final int AREAS = 4;
    static final TrafficConfig TRAFFIC = TrafficConfig.DEFAULT.withSubscribers(400).withTrunks(10).withOfferedErlangs(7)
            .withMeanHolding(Duration.ofSeconds(30)).withDuration(Duration.ofHours(6));
    static final List<String> NODE_OPTIONS = List.of("--subscribers", "400", "--trunks", "10", "--erlangs", "7",
            "--holding", "30", "--hours", "6", "--seed", "42");

    @TempDir
    Path dir;

    @Test
    void nodeKilledMidRun_itsAreasMove_andEveryCallIsBilledExactlyOnce() throws Exception {
        StringBuffer output = new StringBuffer();
        try (Cluster cluster = new Cluster(dir, TRAFFIC, AREAS, Path.of("."), NODE_OPTIONS, line -> output.append(line).append('\n'))) {
            cluster.startNode("test-a-" + ProcessHandle.current().pid());
            cluster.startNode("test-b-" + ProcessHandle.current().pid());
            await().atMost(Duration.ofMinutes(2)).until(() -> ownersOf(cluster) >= AREAS && servesSomething(cluster, "test-b-"));
            cluster.startTraffic(8_000);
            long total = 0;
            for (int a = 0; a < AREAS; a++) {
                total += events(TRAFFIC.withArea(a));
            }
            long third = total / 3;
            await().atMost(Duration.ofMinutes(2)).until(() -> cluster.eventsCommitted() >= third);
            long eventsAtKill = cluster.eventsCommitted();
            cluster.killNode("test-b-" + ProcessHandle.current().pid());
            await().atMost(Duration.ofMinutes(4)).until(cluster::caughtUp);

            assertTrue(eventsAtKill < total, "killed mid-run: " + eventsAtKill + " of " + total + " events switched");
            List<String> changes = cluster.ownership();
            for (int a = 0; a < AREAS; a++) {
                String started = "started area " + a;
                String lastOwner = changes.stream().filter(l -> l.endsWith(started)).reduce((x, y) -> y).orElseThrow();
                assertTrue(lastOwner.startsWith("test-a-"), "the survivor serves area " + a + " in the end: " + changes);
            }
            List<SwitchReport> reports = cluster.reports();
            for (int a = 0; a < AREAS; a++) {
                SwitchReport r = reports.get(a);
                String context = "area " + a + "\n" + r.render() + "\nownership: " + changes;
                TrafficGenerator generated = new TrafficGenerator(TRAFFIC.withArea(a));
                generated.forEachRemaining(e -> { });
                assertEquals(generated.calls(), r.calls(), context);
                assertEquals(r.calls(), r.cdrs(), "one CDR per call: " + context);
                assertEquals(0, r.duplicateCdrs(), context);
                assertEquals(r.events(), r.eventsConsumed(), "no event lost: " + context);
                assertTrue(r.erlangBHolds(), context);
                List<Cdr> cdrs = SwitchReport.cdrs(cluster.log(), a);
                assertEquals(cdrs.size(), cdrs.stream().mapToLong(Cdr::callId).distinct().count(), context);
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- node output (tail) ---\n" + tail(output.toString()), e);
        }
    }

    private static boolean servesSomething(Cluster cluster, String node) {
        return cluster.ownership().stream().anyMatch(l -> l.startsWith(node) && l.contains("started area"));
    }

    private static long ownersOf(Cluster cluster) {
        return cluster.ownership().stream().filter(l -> l.contains("started area")).count();
    }

    private static long events(TrafficConfig traffic) {
        TrafficGenerator g = new TrafficGenerator(traffic);
        long n = 0;
        while (g.hasNext()) {
            g.next();
            n++;
        }
        return n;
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
