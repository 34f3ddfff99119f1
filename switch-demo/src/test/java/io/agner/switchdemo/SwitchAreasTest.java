package io.agner.switchdemo;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.Node;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficGenerator;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.FsyncPolicy;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SubscriberEvent;
import io.agner.switchdemo.topic.SwitchTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several exchange areas on one node (one per core by default): each decides its own calls exactly
 * as it would alone, Erlang B holds in each, and nothing is lost or billed twice in any.
 */
class SwitchAreasTest {

    private static final int AREAS = 3;

    @TempDir
    Path dir;

    /** Runs {@code areas} on one node over a log with {@link #AREAS} partitions; returns each area's CDRs and report. */
    private static List<SwitchReport> run(Path dir, List<Integer> areas, List<List<Cdr>> cdrsOut) {
        try (EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFsync(FsyncPolicy.os()));
             Node node = Node.start()) {
            CodeServer.start(node);
            SwitchApp.loadModules(node, Path.of("."));
            SwitchTopics.create(log, AREAS);
            SwitchApp app = SwitchApp.start(node, log);
            for (int a : areas) {
                TrafficConfig t = SwitchHarness.SMALL.withArea(a);
                app.startArea(new Exchange.Config(t.directory(), t.trunks(), Duration.ofMinutes(5), 2_000));
            }
            for (int a : areas) {
                feed(log, a, new TrafficGenerator(SwitchHarness.SMALL.withArea(a)));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> areas.stream().allMatch(a -> {
                long events = log.endOffset(SwitchTopics.events(a));
                return app.exchange(a).nextOffset() == events && SwitchReport.committed(log, a) == events;
            }) && app.billing().nextOffset() == areas.stream().mapToLong(a -> log.endOffset(SwitchTopics.calls(a))).sum());
            List<SwitchReport> reports = new ArrayList<>();
            for (int a : areas) {
                reports.add(SwitchReport.read(log, SwitchHarness.SMALL.withArea(a)));
                cdrsOut.add(SwitchAppTest.normalised(SwitchReport.cdrs(log, a)));
            }
            return reports;
        }
    }

    private static void feed(EventLog log, int area, TrafficGenerator generator) {
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        while (generator.hasNext()) {
            SubscriberEvent e = generator.next();
            last = log.producer().appendAsync(ProducerRecord.of(SwitchTopics.events(area), e.line().getBytes(StandardCharsets.US_ASCII),
                    SwitchTopics.CODEC.encode((Record) e)).withTimestamp(e.at()));
        }
        last.join();
    }


    @Test
    void threeAreasOnOneNode_eachDecidesAsAlone_ErlangBHoldsInEach_nothingLost() {
        List<List<Cdr>> together = new ArrayList<>();
        List<SwitchReport> reports = run(dir.resolve("together"), List.of(0, 1, 2), together);
        for (int a = 0; a < AREAS; a++) {
            SwitchReport r = reports.get(a);
            assertTrue(r.calls() > 4000, "area " + a + ": " + r.render());
            assertTrue(r.erlangBHolds(), "area " + a + ": " + r.render());
            assertEquals(r.calls(), r.cdrs(), "area " + a + ": " + r.render());
            assertEquals(0, r.duplicateCdrs(), "area " + a + ": " + r.render());
            assertEquals(r.events(), r.eventsConsumed(), "area " + a + ": " + r.render());
            assertEquals(0, r.deadLetters(), "area " + a + ": " + r.render());
            for (Cdr cdr : together.get(a)) {
                assertTrue(SwitchHarness.SMALL.withArea(a).directory().contains(cdr.caller()),
                        "area " + a + " billed a call of another area's line: " + cdr);
            }
        }
        List<List<Cdr>> alone = new ArrayList<>();
        run(dir.resolve("area-1-alone"), List.of(1), alone);
        assertEquals(alone.getFirst(), together.get(1), "area 1 decides the same beside two others as alone");
    }
}
